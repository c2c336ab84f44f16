import { z } from "zod";

export const HealthResponseSchema = z.object({ ok: z.literal(true), version: z.number().int() });
export const OkResponseSchema = z.object({ ok: z.literal(true) });
