import "server-only";
import {
  histogramQuantile,
  LATENCY_BUCKETS_MS,
  type EndpointHealth,
  type MetricsBatch,
  type MetricsResponse,
} from "@/lib/core/index.ts";

type GroupBy = MetricsResponse["groupBy"];

interface Cell {
  requests: number;
  errors: number;
  latency: number[];
}

const RETAIN_SECONDS = 15 * 60;

/**
 * Per-second aggregates of what proxies report, kept in memory for the live charts. Seconds are
 * taken from the console's clock when a batch arrives, so proxy clock skew cannot scramble a chart.
 * Memory is bounded: RETAIN_SECONDS × series.
 */
class MetricsHub {
  private readonly seconds = new Map<number, Map<string, Cell>>();
  /** Latest endpoint health report per proxy node. */
  private readonly health = new Map<string, { at: number; endpoints: EndpointHealth[] }>();

  endpointHealth(maxAgeMs = 30_000, nowMs = Date.now()): { node: string; at: number; endpoints: EndpointHealth[] }[] {
    return [...this.health.entries()]
      .filter(([, h]) => nowMs - h.at <= maxAgeMs)
      .map(([node, h]) => ({ node, ...h }))
      .sort((a, b) => (a.node < b.node ? -1 : 1));
  }

  ingest(batch: MetricsBatch, receivedAtMs = Date.now()): void {
    if (batch.endpoints) this.health.set(batch.node, { at: receivedAtMs, endpoints: batch.endpoints });
    const second = Math.floor(receivedAtMs / 1000);
    let bucket = this.seconds.get(second);
    if (!bucket) {
      bucket = new Map();
      this.seconds.set(second, bucket);
      this.evict(second);
    }
    for (const s of batch.series) {
      // Proxies report per rule (`route#rule`); the console charts per route.
      const hash = s.route.indexOf("#");
      const route = hash < 0 ? s.route : s.route.slice(0, hash);
      for (const key of [`route|${route}`, `version|${s.cluster}`]) {
        let cell = bucket.get(key);
        if (!cell) {
          cell = { requests: 0, errors: 0, latency: new Array(LATENCY_BUCKETS_MS.length + 1).fill(0) };
          bucket.set(key, cell);
        }
        cell.requests += s.requests;
        cell.errors += s.status["5xx"];
        for (let i = 0; i < s.latencyCounts.length; i++) cell.latency[i]! += s.latencyCounts[i]!;
      }
    }
  }

  private evict(now: number): void {
    for (const second of this.seconds.keys()) if (second < now - RETAIN_SECONDS) this.seconds.delete(second);
  }

  /** The last complete `windowSeconds` seconds (the current second is still filling up). */
  query(windowSeconds: number, groupBy: GroupBy, nowMs = Date.now()): MetricsResponse {
    const end = Math.floor(nowMs / 1000) - 1;
    const prefix = `${groupBy}|`;
    const keys = new Set<string>();
    const points: MetricsResponse["points"] = [];
    for (let t = end - windowSeconds + 1; t <= end; t++) {
      const bucket = this.seconds.get(t);
      if (!bucket) continue;
      for (const [key, cell] of bucket) {
        if (!key.startsWith(prefix)) continue;
        const name = key.slice(prefix.length);
        keys.add(name);
        points.push({
          t: t * 1000,
          key: name,
          rps: cell.requests,
          p50: round(histogramQuantile(cell.latency, 0.5)),
          p99: round(histogramQuantile(cell.latency, 0.99)),
          errorRate: cell.requests ? round(cell.errors / cell.requests) : 0,
        });
      }
    }
    return { now: nowMs, groupBy, keys: [...keys].sort(), points };
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

const g = globalThis as unknown as { __signalboxMetricsHub?: MetricsHub };
export const metricsHub: MetricsHub = (g.__signalboxMetricsHub ??= new MetricsHub());
