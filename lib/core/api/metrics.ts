import { z } from "zod";

/**
 * How series are keyed: `route` by route id, `version` by cluster (`service/version`), `edge` by the route → cluster
 * pair a request took, keyed `route>cluster` (the topology's route → version edges).
 */
export const METRICS_GROUP_BY = ["route", "version", "edge"] as const;

/** The series key of a route → cluster edge. */
export const edgeMetricsKey = (route: string, cluster: string): string => `${route}>${cluster}`;

export const MetricsQuerySchema = z.object({
  /** Seconds of history. */
  window: z.coerce.number().int().min(10).max(900).default(120),
  groupBy: z.enum(METRICS_GROUP_BY).default("route"),
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
  groupBy: z.enum(METRICS_GROUP_BY),
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
  /** gRPC calls in the window by series key and grpc-status code (0 OK … 16 UNAUTHENTICATED); empty without gRPC. */
  grpc: z
    .array(z.object({ key: z.string(), code: z.number().int().min(0).max(16), count: z.number().int() }))
    .default([]),
});
export type MetricsResponse = z.infer<typeof MetricsResponseSchema>;
