import { z } from "zod";

/** Where one proxy stands with a change's version: running it (or a later one), refused it, or not yet either. */
export const RolloutStateSchema = z.enum(["synced", "rejected", "pending"]);
export type RolloutState = z.infer<typeof RolloutStateSchema>;

export const RolloutProxySchema = z.object({
  id: z.string(),
  gateway: z.string().nullable(),
  state: RolloutStateSchema,
  appliedVersion: z.number().int().nullable(),
  /** ms from the version's publication to this proxy's ACK of it; null when unknown (it connected later). */
  propagationMs: z.number().nullable(),
});
export type RolloutProxy = z.infer<typeof RolloutProxySchema>;

export const RolloutNackSchema = z.object({
  node: z.string(),
  error: z.string(),
  /** Identical NACKs are recorded once with a count. */
  count: z.number().int().min(1),
  firstAt: z.string(),
  lastAt: z.string(),
});
export type RolloutNack = z.infer<typeof RolloutNackSchema>;

export const PropagationStatsSchema = z.object({ p50: z.number(), p99: z.number(), max: z.number() });
export type PropagationStats = z.infer<typeof PropagationStatsSchema>;

/** GET /api/changes/{id}/rollout: the fleet's propagation of the version a change produced. */
export const ChangeRolloutSchema = z.object({
  /** Null while the change has produced no version (not approved yet). */
  version: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  counts: z.object({ synced: z.number().int(), rejected: z.number().int(), pending: z.number().int() }),
  /** Over the proxies whose propagation time is known; null when none is. */
  propagation: PropagationStatsSchema.nullable(),
  proxies: z.array(RolloutProxySchema),
  nacks: z.array(RolloutNackSchema),
});
export type ChangeRollout = z.infer<typeof ChangeRolloutSchema>;

/** p50, p99 (nearest rank) and max of propagation times; null for none. */
export function propagationStats(ms: readonly number[]): PropagationStats | null {
  if (ms.length === 0) return null;
  const sorted = [...ms].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1]! };
}
