import { z } from "zod";

export const MetricsQuerySchema = z.object({
  /** Seconds of history. */
  window: z.coerce.number().int().min(10).max(900).default(120),
  groupBy: z.enum(["route", "version"]).default("route"),
});
export type MetricsGroupBy = z.output<typeof MetricsQuerySchema>["groupBy"];

/** One point per second per series key. */
export const MetricsPointSchema = z.object({
  t: z.number().int(),
  key: z.string(),
  rps: z.number(),
  p50: z.number(),
  p99: z.number(),
  errorRate: z.number(),
});
export type MetricsPoint = z.infer<typeof MetricsPointSchema>;

export const MetricsResponseSchema = z.object({
  now: z.number().int(),
  groupBy: z.enum(["route", "version"]),
  keys: z.array(z.string()),
  points: z.array(MetricsPointSchema),
  /** Requests access policies denied or audited in the window, by policy (`-`: ALLOW policies applied, none matched). */
  authz: z
    .array(
      z.object({
        policy: z.string(),
        action: z.enum(["ALLOW", "DENY", "AUDIT"]),
        outcome: z.enum(["denied", "audited"]),
        count: z.number().int(),
      }),
    )
    .default([]),
});
export type MetricsResponse = z.infer<typeof MetricsResponseSchema>;
