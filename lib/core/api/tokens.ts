import { z } from "zod";
import { RoleSchema } from "./auth.ts";

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Null: never expires. */
  expiresAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const ApiTokenListResponseSchema = z.object({ tokens: z.array(ApiTokenSchema) });

export const CreateApiTokenRequestSchema = z.object({
  name: z.string().trim().min(1, "is required").max(100),
  /** At most the caller's own role. */
  role: RoleSchema.optional(),
  /** ISO date-time in the future; omitted or null: the token never expires. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

/** The secret appears once, in this response; only its hash is stored. */
export const CreatedApiTokenResponseSchema = z.object({ token: ApiTokenSchema, secret: z.string() });
