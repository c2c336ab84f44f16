import { z } from "zod";
import { MtlsStateSchema } from "../sidecar/index.ts";
import { TapSampleSchema } from "./tap.ts";
import { NodeIdSchema } from "./xds.ts";

/** Upper bounds (ms) of the latency histogram buckets; a last, open bucket catches the rest. */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

export const StatusClassCountsSchema = z.object({
  "2xx": z.number().int().min(0),
  "3xx": z.number().int().min(0),
  "4xx": z.number().int().min(0),
  "5xx": z.number().int().min(0),
});

/** Counters for one (route, cluster) pair over one reporting interval (deltas, not totals). */
export const MetricSeriesSchema = z.object({
  route: z.string().min(1).max(200),
  /** `service/version`, or `-` when the request never reached a cluster (no route, fault abort, redirect). */
  cluster: z.string().min(1).max(200),
  requests: z.number().int().min(0),
  status: StatusClassCountsSchema,
  latencyCounts: z.array(z.number().int().min(0)).length(LATENCY_BUCKETS_MS.length + 1),
  latencySumMs: z.number().min(0),
  /**
   * A sidecar's inbound series (mesh mode): the caller's verified SPIFFE ID, or `unknown` for a plaintext caller; the
   * route is `-` and the cluster the sidecar's own. Absent on every other series.
   */
  source: z
    .string()
    .max(300)
    .regex(/^(spiffe:\/\/[^\s>]+|unknown)$/, "must be a SPIFFE ID or unknown")
    .optional(),
  /** With `source`: how the request arrived (locked: mTLS to a STRICT sidecar, permissive: mTLS otherwise, plain). */
  mtls: MtlsStateSchema.optional(),
  /** gRPC calls in the interval by grpc-status code ("0".."16"); absent when the pair saw no gRPC call. */
  grpcStatus: z
    .record(z.string().regex(/^(?:[0-9]|1[0-6])$/, "a gRPC status code 0..16"), z.number().int().min(0))
    .optional(),
});
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

/** Health of one endpoint as the proxy sees it (outlier detection and active health checks). */
export const EndpointHealthSchema = z.object({
  cluster: z.string().min(1).max(200),
  address: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  state: z.enum(["healthy", "ejected", "unhealthy"]),
  /** Epoch ms when an ejection ends. */
  ejectedUntil: z.number().int().optional(),
  consecutiveErrors: z.number().int().min(0).default(0),
});
export type EndpointHealth = z.infer<typeof EndpointHealthSchema>;

/**
 * Requests an access policy denied (or an AUDIT policy marked) in one interval, by policy (`namespace/name`, or `-`
 * when ALLOW policies applied and none matched) and action.
 */
export const AuthzCountSchema = z.object({
  policy: z.string().min(1).max(200),
  action: z.enum(["ALLOW", "DENY", "AUDIT"]),
  outcome: z.enum(["denied", "audited"]),
  count: z.number().int().min(1),
});
export type AuthzCount = z.infer<typeof AuthzCountSchema>;

/** POST /api/xds/metrics, once a second from each proxy. */
export const MetricsBatchSchema = z.object({
  node: NodeIdSchema,
  /** End of the interval, epoch ms (proxy clock). */
  at: z.number().int().min(0),
  intervalMs: z.number().int().min(1).max(600_000),
  series: z.array(MetricSeriesSchema).max(10_000),
  /** Endpoints that are not healthy, or all endpoints; absent when the proxy does not track health. */
  endpoints: z.array(EndpointHealthSchema).max(10_000).optional(),
  /** Access-policy denials and audits (absent when there were none). */
  authz: z.array(AuthzCountSchema).max(10_000).optional(),
  /** Requests sampled for the open live taps (absent when none is open). */
  tap: z.array(TapSampleSchema).max(1_000).optional(),
});
export type MetricsBatch = z.infer<typeof MetricsBatchSchema>;

/** Quantile from histogram bucket counts, interpolated linearly inside the bucket. */
export function histogramQuantile(counts: readonly number[], q: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c > 0 && seen + c >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const upper = LATENCY_BUCKETS_MS[i] ?? lower * 2;
      return lower + ((upper - lower) * (rank - seen)) / c;
    }
    seen += c;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
}

/** The metric names a snapshot allows: its rule ids and cluster names, and `-` for no route / no cluster. */
export interface MetricNames {
  routes: ReadonlySet<string>;
  clusters: ReadonlySet<string>;
}

export function metricNamesOf(config: {
  virtualHosts: readonly { rules: readonly { id: string }[] }[];
  clusters: readonly { name: string }[];
}): MetricNames {
  const routes = new Set<string>(["-"]);
  for (const vh of config.virtualHosts) for (const r of vh.rules) routes.add(r.id);
  return { routes, clusters: new Set<string>(["-", ...config.clusters.map((c) => c.name)]) };
}

/**
 * The fields of a batch that name a route or cluster none of `allowed` knows (a proxy reports for the snapshot it
 * holds, which may be the one before the latest while it switches), at most `limit` of them.
 */
export function unknownMetricNames(
  series: readonly Pick<MetricSeries, "route" | "cluster">[],
  allowed: readonly MetricNames[],
  limit = 20,
): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const known = (pick: (n: MetricNames) => ReadonlySet<string>, name: string) => allowed.some((n) => pick(n).has(name));
  for (let i = 0; i < series.length && out.length < limit; i++) {
    const s = series[i]!;
    if (!known((n) => n.routes, s.route))
      out.push({ path: ["series", i, "route"], message: `no rule "${s.route}" in the snapshot this node holds` });
    if (!known((n) => n.clusters, s.cluster))
      out.push({
        path: ["series", i, "cluster"],
        message: `no cluster "${s.cluster}" in the snapshot this node holds`,
      });
  }
  return out.slice(0, limit);
}
