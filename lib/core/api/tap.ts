import { z } from "zod";
import { TapFilterSchema } from "../protocol/tap.ts";

/** POST /api/tap: open a live tap. */
export const CreateTapRequestSchema = z.object({
  filter: TapFilterSchema.default({}),
  /** Most samples per second from each proxy. */
  ratePerSecond: z.number().int().min(1).max(100).default(10),
  /** The tap closes by itself after this; its viewer leaving closes it sooner. */
  durationSeconds: z.number().int().min(5).max(600).default(60),
});
export type CreateTapRequest = z.input<typeof CreateTapRequestSchema>;

export const TapSessionSchema = z.object({
  id: z.string(),
  filter: TapFilterSchema,
  ratePerSecond: z.number().int(),
  expiresAt: z.string(),
  createdBy: z.string(),
});
export type TapSession = z.infer<typeof TapSessionSchema>;

/** How the events stream ends: the tap expired, was stopped, or does not exist (any more). */
export const TapEndSchema = z.object({ reason: z.enum(["expired", "closed"]) });
