import "server-only";
import { edgeMetricsKey } from "@/lib/core/api/index.ts";
import type { CanarySample } from "@/lib/core/canary/index.ts";
import type { RouteFigures } from "@/lib/core/rollout/index.ts";
import { clusterName } from "@/lib/core/compile/index.ts";
import { metricsHub } from "@/lib/server/metrics/hub.ts";

/*
 * Every metrics read of rollouts and canaries goes through this module, so the source (today the in-memory hub of
 * this console, later PostgreSQL rollups shared by every instance) changes in one place.
 */

interface Point {
  key: string;
  rps: number;
  p99: number;
  errorRate: number;
}

/** Sums per-second points into requests, 5xx count and the worst second's p99 (conservative for a gate). */
function summarize(points: readonly Point[]): CanarySample {
  let requests = 0;
  let errors = 0;
  let p99 = 0;
  for (const p of points) {
    requests += p.rps;
    errors += Math.round(p.rps * p.errorRate);
    if (p.rps > 0) p99 = Math.max(p99, p.p99);
  }
  return { requests, errors, p99 };
}

const seconds = (ms: number) => Math.max(1, Math.floor(ms / 1000));

/** Golden metrics of `routes` over the last `windowMs` (complete seconds). */
export function routeFigures(routes: readonly string[], windowMs: number): Record<string, RouteFigures> {
  const { points } = metricsHub.query(seconds(windowMs), "route");
  const out: Record<string, RouteFigures> = {};
  for (const route of routes) {
    const s = summarize(points.filter((p) => p.key === route));
    out[route] = { requests: s.requests, errorRate: s.requests ? s.errors / s.requests : 0, p99: s.p99 };
  }
  return out;
}

/**
 * What the canary version of `service` served through `route` over the last `windowMs` plus one second, up to the
 * current (partial) second: proxies report once a second, so the newest complete second holds requests up to two
 * seconds old, and a check right after its interval would otherwise judge little more than half of it.
 */
export function canarySample(route: string, service: string, version: string, windowMs: number): CanarySample {
  const key = edgeMetricsKey(route, clusterName(service, version));
  const points = metricsHub.query(seconds(windowMs) + 1, "edge", Date.now() + 1000).points;
  return summarize(points.filter((p) => p.key === key));
}
