import type { MetricsPoint } from "@/lib/core/api/index.ts";

/** One edge's or node's traffic over the chosen window. */
export interface Traffic {
  /** Requests per second averaged over the whole window (an idle second counts as 0). */
  rps: number;
  /** Failed share of the requests, 0..1. */
  errorRate: number;
  /** Request-weighted mean of the per-second p99s, ms; null without requests. */
  p99: number | null;
}

export type Health = "idle" | "healthy" | "degraded" | "failure";

/**
 * Kiali's default traffic health for HTTP errors: degraded from 0.1 % of requests failing, failure above 10 %.
 * The same thresholds colour edges and nodes here, so an operator coming from Kiali reads the colours alike.
 */
export const HEALTH_THRESHOLDS = { degraded: 0.001, failure: 0.1 };

export function healthOf(t: Traffic | undefined): Health {
  if (!t || t.rps === 0) return "idle";
  if (t.errorRate > HEALTH_THRESHOLDS.failure) return "failure";
  if (t.errorRate >= HEALTH_THRESHOLDS.degraded) return "degraded";
  return "healthy";
}

/** Per-second points → one figure per series key over `windowS` seconds. */
export function trafficByKey(points: readonly MetricsPoint[], windowS: number): Map<string, Traffic> {
  const acc = new Map<string, { requests: number; errors: number; p99w: number }>();
  for (const p of points) {
    const a = acc.get(p.key) ?? { requests: 0, errors: 0, p99w: 0 };
    a.requests += p.rps;
    a.errors += p.rps * p.errorRate;
    a.p99w += p.rps * p.p99;
    acc.set(p.key, a);
  }
  const out = new Map<string, Traffic>();
  for (const [key, a] of acc)
    out.set(key, {
      rps: a.requests / windowS,
      errorRate: a.requests ? a.errors / a.requests : 0,
      p99: a.requests ? a.p99w / a.requests : null,
    });
  return out;
}

/** Several figures as one (a service's versions, a collapsed group's routes): p99 is the worst of them. */
export function combineTraffic(parts: readonly (Traffic | undefined)[]): Traffic | undefined {
  const present = parts.filter((t): t is Traffic => t !== undefined);
  if (!present.length) return undefined;
  const rps = present.reduce((a, t) => a + t.rps, 0);
  const errors = present.reduce((a, t) => a + t.rps * t.errorRate, 0);
  const p99s = present.flatMap((t) => (t.p99 === null ? [] : [t.p99]));
  return { rps, errorRate: rps ? errors / rps : 0, p99: p99s.length ? Math.max(...p99s) : null };
}

export const formatRps = (rps: number) => (rps >= 100 ? rps.toFixed(0) : rps >= 10 ? rps.toFixed(1) : rps.toFixed(2));
export const formatErrorPct = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.01 ? 2 : 1)}%`;
export const formatMs = (ms: number | null) =>
  ms === null ? "–" : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;

/** The short line an edge or node shows: `12.0 rps · 0.5% err · p99 8.1 ms`. */
export const trafficLine = (t: Traffic) =>
  `${formatRps(t.rps)} rps · ${formatErrorPct(t.errorRate)} err · p99 ${formatMs(t.p99)}`;
