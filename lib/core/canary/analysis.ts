import type { Destination } from "../model/route.ts";
import type { CanaryGates, CanarySpec } from "./spec.ts";

/** The canary version's figures over one interval. */
export interface CanarySample {
  requests: number;
  errors: number;
  p99: number;
}

export type CheckResult = { passed: true; message: string } | { passed: false; gate: string; message: string };

const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

/** One analysis check: every gate, with the figures that decided it. */
export function checkCanary(sample: CanarySample, gates: CanaryGates): CheckResult {
  const rate = sample.requests === 0 ? 0 : (100 * (sample.requests - sample.errors)) / sample.requests;
  const figures = `${sample.requests} requests, success ${fmt(rate)}%, p99 ${fmt(sample.p99)} ms`;
  if (sample.requests < gates.minRequests)
    return { passed: false, gate: "minRequests", message: `${figures}: fewer than ${gates.minRequests} requests` };
  if (rate < gates.minSuccessRate)
    return { passed: false, gate: "successRate", message: `${figures}: success rate below ${gates.minSuccessRate}%` };
  if (sample.p99 > gates.maxP99Ms)
    return { passed: false, gate: "p99", message: `${figures}: p99 above ${gates.maxP99Ms} ms` };
  return { passed: true, message: figures };
}

/** The rule's destinations at a canary weight: the rest goes to stable; 100 sends everything to the canary. */
export function stepDestinations(spec: CanarySpec, service: string, weight: number): Destination[] {
  if (weight >= 100) return [{ service, version: spec.canary, weight: 100 }];
  return [
    { service, version: spec.stable, weight: 100 - weight },
    { service, version: spec.canary, weight },
  ];
}

/** What the scheduler does after a check at step `stepIndex`. */
export type CanaryDecision =
  | { kind: "advance"; stepIndex: number; weight: number }
  | { kind: "promote" }
  | { kind: "hold"; failures: number }
  | { kind: "rollback"; failures: number };

export function decide(spec: CanarySpec, stepIndex: number, failures: number, check: CheckResult): CanaryDecision {
  if (!check.passed) {
    const total = failures + 1;
    return total > spec.maxFailures ? { kind: "rollback", failures: total } : { kind: "hold", failures: total };
  }
  const next = stepIndex + 1;
  if (next >= spec.steps.length) return { kind: "promote" };
  return { kind: "advance", stepIndex: next, weight: spec.steps[next]! };
}
