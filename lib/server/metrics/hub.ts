import "server-only";
import { type EndpointHealth, type MetricsBatch, type MetricsResponse } from "@/lib/core/index.ts";
import { addSeries, emptyCell, pointOf, seriesKeys, type RollupCell } from "@/lib/core/metrics/index.ts";
import { env } from "@/lib/server/env.ts";
import { rollupWriter } from "./rollup-writer.ts";

type GroupBy = MetricsResponse["groupBy"];
/** A rollup cell, plus gRPC calls by grpc-status code (live only; null until the key's first gRPC call). */
type Cell = RollupCell & { grpc?: number[] };

const GRPC_CODES = 17;

function addGrpc(cell: Cell, s: MetricsBatch["series"][number]): void {
  if (!s.grpcStatus) return;
  for (const [code, n] of Object.entries(s.grpcStatus))
    (cell.grpc ??= new Array<number>(GRPC_CODES).fill(0))[Number(code)]! += n;
}

const RETAIN_SECONDS = 15 * 60;
/** Distinct (policy, action, outcome) keys kept per second: policy names come from snapshots, so few exist. */
const MAX_AUTHZ_KEYS = 1_000;
/** Endpoint health older than this is dropped when the next batch arrives (the page shows the last 30 s). */
const HEALTH_RETAIN_MS = 60_000;

/**
 * Per-second aggregates of what proxies report, kept in memory for the live charts. Seconds are
 * taken from the console's clock when a batch arrives, so proxy clock skew cannot scramble a chart.
 * Memory is bounded (README, "Metrics memory"): at most RETAIN_SECONDS seconds × SIGNALBOX_METRICS_MAX_KEYS keys
 * per second (a key is a route, rule, version, proxy or edge; further keys in a second are dropped and counted), plus
 * the last endpoint health of each node seen in the last minute, plus running totals per route → cluster edge for
 * the console's /metrics. Every batch is also handed to the rollup writer, which persists it (rollup-writer.ts). Names are checked against the node's snapshot before
 * they get here (report-check.ts), so only a large mesh reaches the key cap.
 */
class MetricsHub {
  private readonly seconds = new Map<number, Map<string, Cell>>();
  /** Access-policy denials and audits per second, by `policy\naction\noutcome`. */
  private readonly authzSeconds = new Map<number, Map<string, number>>();
  /** Series keys dropped because a second already held SIGNALBOX_METRICS_MAX_KEYS keys. */
  droppedKeys = 0;
  /** Latest endpoint health report per proxy node. */
  private readonly health = new Map<string, { at: number; endpoints: EndpointHealth[] }>();
  /**
   * Totals since this console started, per edge key (`route>cluster`), for Prometheus counters; bounded like a
   * second of the live buffer (SIGNALBOX_METRICS_MAX_KEYS).
   */
  readonly edgeTotals = new Map<string, Cell>();
  /**
   * The same per service-to-service edge a sidecar's inbound saw (`source>cluster>mtls`, serviceEdgeMetricsKey), for
   * the mesh's service golden metrics in /metrics.
   */
  readonly serviceEdgeTotals = new Map<string, Cell>();
  /** Batches received since start. */
  batches = 0;

  endpointHealth(maxAgeMs = 30_000, nowMs = Date.now()): { node: string; at: number; endpoints: EndpointHealth[] }[] {
    return [...this.health.entries()]
      .filter(([, h]) => nowMs - h.at <= maxAgeMs)
      .map(([node, h]) => ({ node, ...h }))
      .sort((a, b) => (a.node < b.node ? -1 : 1));
  }

  ingest(batch: MetricsBatch, receivedAtMs = Date.now(), maxKeys = env().SIGNALBOX_METRICS_MAX_KEYS): void {
    if (batch.endpoints) this.health.set(batch.node, { at: receivedAtMs, endpoints: batch.endpoints });
    for (const [node, h] of this.health) if (receivedAtMs - h.at > HEALTH_RETAIN_MS) this.health.delete(node);
    const second = Math.floor(receivedAtMs / 1000);
    let bucket = this.seconds.get(second);
    if (!bucket) {
      bucket = new Map();
      this.seconds.set(second, bucket);
      this.evict(second);
    }
    this.batches++;
    this.ingestAuthz(batch, second);
    rollupWriter.add(batch, receivedAtMs);
    for (const s of batch.series) {
      for (const [dimension, name] of seriesKeys(s, batch.node)) {
        const key = `${dimension}|${name}`;
        let cell = bucket.get(key);
        if (!cell) {
          if (bucket.size >= maxKeys) {
            this.droppedKeys++;
            continue;
          }
          cell = emptyCell();
          bucket.set(key, cell);
        }
        addSeries(cell, s);
        addGrpc(cell, s);
        const totals =
          dimension === "edge" ? this.edgeTotals : dimension === "service-edge" ? this.serviceEdgeTotals : null;
        if (!totals) continue;
        let total = totals.get(name);
        if (!total) {
          if (totals.size >= maxKeys) continue;
          total = emptyCell();
          totals.set(name, total);
        }
        addSeries(total, s);
      }
    }
  }

  private ingestAuthz(batch: MetricsBatch, second: number): void {
    if (!batch.authz || batch.authz.length === 0) return;
    let bucket = this.authzSeconds.get(second);
    if (!bucket) {
      bucket = new Map();
      this.authzSeconds.set(second, bucket);
    }
    for (const a of batch.authz) {
      const key = `${a.policy}\n${a.action}\n${a.outcome}`;
      if (!bucket.has(key) && bucket.size >= MAX_AUTHZ_KEYS) {
        this.droppedKeys++;
        continue;
      }
      bucket.set(key, (bucket.get(key) ?? 0) + a.count);
    }
  }

  private authzTotals(from: number, to: number): MetricsResponse["authz"] {
    const totals = new Map<string, number>();
    for (let t = from; t <= to; t++)
      for (const [key, n] of this.authzSeconds.get(t) ?? []) totals.set(key, (totals.get(key) ?? 0) + n);
    return [...totals]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, count]) => {
        const [policy, action, outcome] = key.split("\n") as [string, "ALLOW" | "DENY" | "AUDIT", "denied" | "audited"];
        return { policy, action, outcome, count };
      });
  }

  private evict(now: number): void {
    for (const second of this.seconds.keys()) if (second < now - RETAIN_SECONDS) this.seconds.delete(second);
    for (const second of this.authzSeconds.keys()) if (second < now - RETAIN_SECONDS) this.authzSeconds.delete(second);
  }

  /** The last complete `windowSeconds` seconds (the current second is still filling up). */
  query(windowSeconds: number, groupBy: GroupBy, nowMs = Date.now()): MetricsResponse {
    const end = Math.floor(nowMs / 1000) - 1;
    const prefix = `${groupBy}|`;
    const keys = new Set<string>();
    const points: MetricsResponse["points"] = [];
    const grpc = new Map<string, number[]>();
    for (let t = end - windowSeconds + 1; t <= end; t++) {
      const bucket = this.seconds.get(t);
      if (!bucket) continue;
      for (const [key, cell] of bucket) {
        if (!key.startsWith(prefix)) continue;
        const name = key.slice(prefix.length);
        keys.add(name);
        if (cell.grpc) {
          const sum = grpc.get(name) ?? grpc.set(name, new Array<number>(GRPC_CODES).fill(0)).get(name)!;
          cell.grpc.forEach((n, code) => (sum[code]! += n));
        }
        points.push(pointOf(t * 1000, name, cell, 1));
      }
    }
    return {
      now: nowMs,
      groupBy,
      range: "live",
      stepSeconds: 1,
      keys: [...keys].sort(),
      points,
      authz: this.authzTotals(end - windowSeconds + 1, end),
      grpc: [...grpc]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([key, counts]) => counts.flatMap((count, code) => (count > 0 ? [{ key, code, count }] : []))),
    };
  }
}

const g = globalThis as unknown as { __signalboxMetricsHub?: MetricsHub };
export const metricsHub: MetricsHub = (g.__signalboxMetricsHub ??= new MetricsHub());
