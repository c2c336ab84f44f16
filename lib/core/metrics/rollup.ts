import { edgeMetricsKey, serviceEdgeMetricsKey, type MetricsPoint } from "../api/metrics.ts";
import { histogramQuantile, LATENCY_BUCKETS_MS, type MetricSeries } from "../protocol/metrics.ts";

/**
 * The series a reported (route, cluster) pair counts toward: per route, per rule (`route#rule` as proxies report
 * it), per version (cluster), per proxy (node id) and per route → cluster edge; a sidecar's inbound series (with a
 * `source`) per service-to-service edge only.
 */
export const METRIC_DIMENSIONS = ["route", "rule", "version", "proxy", "edge", "service-edge"] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

/**
 * Counters of one series over one time bucket. Every field adds: two cells of the same series and bucket merge by
 * addition (bucket counts of the latency histogram too), which is what lets consoles that share a database write
 * their own share of a bucket and read the sum, and 10 s buckets roll into minutes without losing the quantiles.
 */
export interface RollupCell {
  requests: number;
  /** 5xx answers. */
  errors: number;
  latencySumMs: number;
  /** Counts per LATENCY_BUCKETS_MS bucket, then the open bucket. */
  latency: number[];
}

export const emptyCell = (): RollupCell => ({
  requests: 0,
  errors: 0,
  latencySumMs: 0,
  latency: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
});

/** Adds `from` into `into` (bucket by bucket for the histogram) and returns `into`. */
export function mergeInto(into: RollupCell, from: Readonly<RollupCell>): RollupCell {
  into.requests += from.requests;
  into.errors += from.errors;
  into.latencySumMs += from.latencySumMs;
  for (let i = 0; i < from.latency.length; i++) into.latency[i] = (into.latency[i] ?? 0) + (from.latency[i] ?? 0);
  return into;
}

/** Adds one reported series delta into a cell. */
export function addSeries(into: RollupCell, s: Readonly<MetricSeries>): RollupCell {
  into.requests += s.requests;
  into.errors += s.status["5xx"];
  into.latencySumMs += s.latencySumMs;
  for (let i = 0; i < s.latencyCounts.length; i++) into.latency[i] = (into.latency[i] ?? 0) + s.latencyCounts[i]!;
  return into;
}

/** The (dimension, key) pairs a series reported by `node` counts toward. */
export function seriesKeys(
  s: Pick<MetricSeries, "route" | "cluster" | "source" | "mtls">,
  node: string,
): [MetricDimension, string][] {
  // The caller's sidecar counted the same request on its route already: the inbound side adds the edge only.
  if (s.source !== undefined) return [["service-edge", serviceEdgeMetricsKey(s.source, s.cluster, s.mtls ?? "plain")]];
  // Proxies report per rule (`route#rule`); the route is the part before `#`.
  const hash = s.route.indexOf("#");
  const route = hash < 0 ? s.route : s.route.slice(0, hash);
  return [
    ["route", route],
    ["rule", s.route],
    ["version", s.cluster],
    ["proxy", node],
    ["edge", edgeMetricsKey(route, s.cluster)],
  ];
}

/** Start (epoch seconds) of the `width`-second bucket holding `epochSeconds`. */
export const bucketStart = (epochSeconds: number, width: number): number => Math.floor(epochSeconds / width) * width;

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The chart point of one cell that covers `seconds` seconds starting at `t` (epoch ms): requests per second,
 * latency quantiles from the merged histogram, and the share of 5xx answers.
 */
export function pointOf(t: number, key: string, cell: Readonly<RollupCell>, seconds: number): MetricsPoint {
  return {
    t,
    key,
    rps: round(cell.requests / Math.max(1, seconds)),
    requests: cell.requests,
    p50: round(histogramQuantile(cell.latency, 0.5)),
    p95: round(histogramQuantile(cell.latency, 0.95)),
    p99: round(histogramQuantile(cell.latency, 0.99)),
    errorRate: cell.requests ? round(cell.errors / cell.requests) : 0,
  };
}
