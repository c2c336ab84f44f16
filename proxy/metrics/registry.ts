import { LATENCY_BUCKETS_MS, type AuthzCount, type MetricSeries } from "../../lib/core/index.ts";
import type { MtlsState } from "../../lib/core/sidecar/index.ts";
import { GRPC_CODES } from "../pipeline/grpc.ts";

const BUCKETS = LATENCY_BUCKETS_MS.length + 1;

/** Counters of one (route, cluster) pair. Totals since start; the reporter computes deltas from them. */
export class Series {
  requests = 0;
  s2xx = 0;
  s3xx = 0;
  s4xx = 0;
  s5xx = 0;
  latencySumMs = 0;
  readonly latencyCounts = new Array<number>(BUCKETS).fill(0);
  /** Calls by grpc-status code (0..16); null until the first gRPC call, so HTTP-only series carry nothing. */
  grpc: number[] | null = null;
  constructor(
    readonly route: string,
    readonly cluster: string,
    /** A sidecar inbound's edge series: the caller (SPIFFE ID or `unknown`) and how it arrived. */
    readonly edge?: { source: string; mtls: MtlsState },
  ) {}

  record(status: number, latencyMs: number): void {
    this.requests++;
    if (status < 300) this.s2xx++;
    else if (status < 400) this.s3xx++;
    else if (status < 500) this.s4xx++;
    else this.s5xx++;
    this.latencySumMs += latencyMs;
    this.latencyCounts[bucketIndex(latencyMs)]!++;
  }

  recordGrpc(code: number): void {
    (this.grpc ??= new Array<number>(GRPC_CODES).fill(0))[code]!++;
  }
}

/** Adds a delta another process measured (worker mode: the primary sums its workers' deltas). */
export function addDelta(registry: MetricsRegistry, d: MetricSeries): void {
  const s =
    d.source !== undefined
      ? registry.edge(d.cluster, d.source, d.mtls ?? "plain")
      : registry.get(`${d.route}\n${d.cluster}`);
  s.requests += d.requests;
  s.s2xx += d.status["2xx"];
  s.s3xx += d.status["3xx"];
  s.s4xx += d.status["4xx"];
  s.s5xx += d.status["5xx"];
  s.latencySumMs += d.latencySumMs;
  for (let i = 0; i < s.latencyCounts.length; i++) s.latencyCounts[i]! += d.latencyCounts[i] ?? 0;
  for (const [code, n] of Object.entries(d.grpcStatus ?? {})) for (let i = 0; i < n; i++) s.recordGrpc(Number(code));
}

export function bucketIndex(ms: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (ms <= LATENCY_BUCKETS_MS[i]!) return i;
  return LATENCY_BUCKETS_MS.length;
}

/**
 * Series interned by key. The active config resolves its keys to Series objects when a snapshot is applied,
 * so recording a request is a few increments, with no string building or map lookup on the hot path.
 * A series keeps counting across snapshot swaps when its (route, cluster) pair survives.
 */
export class MetricsRegistry {
  private readonly series = new Map<string, Series>();
  /** Access-policy denials and audits by policy, action and outcome: totals plus what was last reported. */
  private readonly authzCounts = new Map<string, AuthzCount & { reported: number }>();

  /** Counted on the denial path only (allowed requests never get here), so the key may be built per call. */
  countAuthz(policy: string, action: AuthzCount["action"], outcome: AuthzCount["outcome"], n = 1): void {
    const key = `${policy}\n${action}\n${outcome}`;
    const c = this.authzCounts.get(key);
    if (c) c.count += n;
    else this.authzCounts.set(key, { policy, action, outcome, count: n, reported: 0 });
  }

  authzTotals(): AuthzCount[] {
    return [...this.authzCounts.values()].map(({ policy, action, outcome, count }) => ({
      policy,
      action,
      outcome,
      count,
    }));
  }

  /** Counts since the last call (one consumer: the reporter, or a worker's delta to its primary). */
  authzDeltas(): AuthzCount[] {
    const out: AuthzCount[] = [];
    for (const c of this.authzCounts.values()) {
      if (c.count === c.reported) continue;
      out.push({ policy: c.policy, action: c.action, outcome: c.outcome, count: c.count - c.reported });
      c.reported = c.count;
    }
    return out;
  }

  get(key: string): Series {
    let s = this.series.get(key);
    if (!s) {
      const nl = key.indexOf("\n");
      s = new Series(key.slice(0, nl), key.slice(nl + 1));
      this.series.set(key, s);
    }
    return s;
  }

  /**
   * A sidecar inbound's series for one caller and mTLS state (route `-`). Built per request, since callers are
   * known only then; the key stays small (a SPIFFE ID and a state) and the map holds one entry per edge seen.
   */
  edge(cluster: string, source: string, mtls: MtlsState): Series {
    const key = `-\n${cluster}\n${source}\n${mtls}`;
    let s = this.series.get(key);
    if (!s) {
      s = new Series("-", cluster, { source, mtls });
      this.series.set(key, s);
    }
    return s;
  }

  all(): IterableIterator<Series> {
    return this.series.values();
  }
}

interface Totals {
  requests: number;
  status: [number, number, number, number];
  latencyCounts: number[];
  latencySumMs: number;
  grpc: number[] | null;
}

/** Turns running totals into per-interval deltas for the MetricsBatch, skipping series that saw no traffic. */
export class DeltaTracker {
  private readonly last = new Map<Series, Totals>();

  collect(registry: MetricsRegistry): MetricSeries[] {
    const out: MetricSeries[] = [];
    for (const s of registry.all()) {
      const prev = this.last.get(s);
      const prevRequests = prev?.requests ?? 0;
      if (s.requests === prevRequests) continue;
      const status: Totals["status"] = [s.s2xx, s.s3xx, s.s4xx, s.s5xx];
      const ps = prev?.status ?? [0, 0, 0, 0];
      out.push({
        route: s.route,
        cluster: s.cluster,
        ...(s.edge ? { source: s.edge.source, mtls: s.edge.mtls } : {}),
        requests: s.requests - prevRequests,
        status: {
          "2xx": status[0] - ps[0],
          "3xx": status[1] - ps[1],
          "4xx": status[2] - ps[2],
          "5xx": status[3] - ps[3],
        },
        latencyCounts: s.latencyCounts.map((c, i) => c - (prev?.latencyCounts[i] ?? 0)),
        latencySumMs: Math.max(0, s.latencySumMs - (prev?.latencySumMs ?? 0)),
        ...grpcDelta(s.grpc, prev?.grpc ?? null),
      });
      this.last.set(s, {
        requests: s.requests,
        status,
        latencyCounts: [...s.latencyCounts],
        latencySumMs: s.latencySumMs,
        grpc: s.grpc && [...s.grpc],
      });
    }
    return out;
  }
}

/** The interval's gRPC calls by status code, absent when there were none (the batch stays as it was for HTTP). */
function grpcDelta(now: number[] | null, prev: number[] | null): Pick<MetricSeries, "grpcStatus"> {
  if (now === null) return {};
  const counts: Record<string, number> = {};
  let any = false;
  now.forEach((n, code) => {
    const d = n - (prev?.[code] ?? 0);
    if (d > 0) {
      counts[String(code)] = d;
      any = true;
    }
  });
  return any ? { grpcStatus: counts } : {};
}
