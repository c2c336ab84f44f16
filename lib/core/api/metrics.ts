import { z } from "zod";

/**
 * How series are keyed: `route` by route id, `version` by cluster (`service/version`), `edge` by the route → cluster
 * pair a request took, keyed `route>cluster` (the topology's route → version edges), `rule` by rule
 * (`route#rule`), `proxy` by the reporting proxy's node id, `service-edge` by the service-to-service edge a sidecar's
 * inbound saw, keyed `source>cluster>mtls` (serviceEdgeMetricsKey).
 */
export const METRICS_GROUP_BY = ["route", "version", "edge", "rule", "proxy", "service-edge"] as const;

/**
 * What a query covers. `live`: the last `window` seconds, one point a second, from this console's in-memory buffer.
 * The others read the rollups in the database (the same series on every console): `1h` in 10 s steps from the 10 s
 * rows, `24h` in 5 min steps and `7d` in 30 min steps from the 1 min rows.
 */
export const METRICS_RANGES = ["live", "1h", "24h", "7d"] as const;
export type MetricsRange = (typeof METRICS_RANGES)[number];

/** Span, stored resolution read and chart step (all seconds) of each stored range. */
export const METRICS_RANGE_PLAN: Record<
  Exclude<MetricsRange, "live">,
  { span: number; resolution: number; step: number }
> = {
  "1h": { span: 3600, resolution: 10, step: 10 },
  "24h": { span: 86_400, resolution: 60, step: 300 },
  "7d": { span: 7 * 86_400, resolution: 60, step: 1800 },
};

/** The series key of a route → cluster edge. */
export const edgeMetricsKey = (route: string, cluster: string): string => `${route}>${cluster}`;

/**
 * The series key of a service-to-service edge: the caller's SPIFFE ID (or `unknown` for a plaintext caller), the
 * destination cluster and the mTLS state. `>` never occurs in the parts (SPIFFE IDs, cluster names, states).
 */
export const serviceEdgeMetricsKey = (source: string, cluster: string, mtls: string): string =>
  `${source}>${cluster}>${mtls}`;

export function parseServiceEdgeKey(key: string): { source: string; cluster: string; mtls: string } | null {
  const parts = key.split(">");
  if (parts.length !== 3 || parts.some((p) => p === "")) return null;
  return { source: parts[0]!, cluster: parts[1]!, mtls: parts[2]! };
}

export const MetricsQuerySchema = z.object({
  /** Seconds of history. */
  window: z.coerce.number().int().min(10).max(900).default(120),
  groupBy: z.enum(METRICS_GROUP_BY).default("route"),
  /** `live` (default) reads `window`; the stored ranges ignore it. */
  range: z.enum(METRICS_RANGES).default("live"),
});
export type MetricsGroupBy = z.output<typeof MetricsQuerySchema>["groupBy"];

/** One point per step (a second when live) per series key; `t` is the step's start, epoch ms. */
export const MetricsPointSchema = z.object({
  t: z.number().int(),
  key: z.string(),
  rps: z.number(),
  /** Requests in the step (stored ranges and live alike). */
  requests: z.number().int().min(0).optional(),
  p50: z.number(),
  p95: z.number().optional(),
  p99: z.number(),
  errorRate: z.number(),
});
export type MetricsPoint = z.infer<typeof MetricsPointSchema>;

export const MetricsResponseSchema = z.object({
  now: z.number().int(),
  groupBy: z.enum(METRICS_GROUP_BY),
  range: z.enum(METRICS_RANGES).default("live"),
  /** Seconds between points. */
  stepSeconds: z.number().int().min(1).default(1),
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
