import type { RolloutGates } from "./plan.ts";

/** A route's golden metrics over a window: requests, 5xx share and p99 (ms). */
export interface RouteFigures {
  requests: number;
  errorRate: number;
  p99: number;
}

export interface StageNack {
  node: string;
  error: string;
}

export type GateVerdict = { ok: true } | { ok: false; reason: string };

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

/**
 * Why a baking stage must stop, or ok. Any NACK by a proxy of the stage stops it; so does a touched route whose
 * error rate or p99 regressed against the baseline taken before the rollout (routes with too few requests in either
 * window are not judged: no traffic is no evidence).
 */
export function judgeStage(
  nacks: readonly StageNack[],
  baseline: Readonly<Record<string, RouteFigures>>,
  current: Readonly<Record<string, RouteFigures>>,
  gates: RolloutGates,
): GateVerdict {
  if (nacks.length > 0) {
    const n = nacks[0]!;
    return { ok: false, reason: `proxy ${n.node} rejected the version: ${n.error}` };
  }
  for (const route of Object.keys(current).sort()) {
    const now = current[route]!;
    const before = baseline[route] ?? { requests: 0, errorRate: 0, p99: 0 };
    if (now.requests < gates.minRequests) continue;
    if (now.errorRate - before.errorRate > gates.maxErrorRateIncrease)
      return {
        ok: false,
        reason: `route ${route}: error rate ${pct(now.errorRate)} vs ${pct(before.errorRate)} before (allowed +${pct(gates.maxErrorRateIncrease)})`,
      };
    if (before.requests >= gates.minRequests && now.p99 > before.p99 * gates.maxP99Ratio && now.p99 - before.p99 > 5)
      return {
        ok: false,
        reason: `route ${route}: p99 ${now.p99} ms vs ${before.p99} ms before (allowed ×${gates.maxP99Ratio})`,
      };
  }
  return { ok: true };
}
