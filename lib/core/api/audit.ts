import { z } from "zod";

export const AuditQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  /** Username, or "system" for the seed and proxies. */
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditListResponseSchema = z.object({ entries: z.array(AuditEntrySchema) });
export type AuditListResponse = z.infer<typeof AuditListResponseSchema>;
