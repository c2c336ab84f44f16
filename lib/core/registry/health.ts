import { z } from "zod";

/** Consul's check states, best first. */
export const HealthStatusSchema = z.enum(["passing", "warning", "critical"]);
export type HealthStatus = z.infer<typeof HealthStatusSchema>;

const RANK: Record<HealthStatus, number> = { passing: 0, warning: 1, critical: 2 };

/** An instance is as healthy as its worst check; without checks it is passing (as in Consul). */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = "passing";
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** Critical instances leave load balancing; warning ones stay (Consul DNS and Envoy treat warning as usable). */
export const receivesTraffic = (status: HealthStatus): boolean => status !== "critical";

export interface DampedState {
  status: HealthStatus;
  /** Consecutive results that disagree with `status`, all `streakStatus`. */
  streak: number;
  streakStatus: HealthStatus | "";
}

export interface Damping {
  successBeforePassing: number;
  failuresBeforeCritical: number;
}

/**
 * One probe result through the flap damper (Consul's success_before_passing / failures_before_critical): the state
 * changes only after that many consecutive results agreeing on the new state; a result that agrees with the
 * current state resets the streak. Warning needs as many results as critical.
 */
export function dampedStep(state: DampedState, result: HealthStatus, damping: Damping): DampedState {
  if (result === state.status) return { status: state.status, streak: 0, streakStatus: "" };
  const streak = state.streakStatus === result ? state.streak + 1 : 1;
  const needed = result === "passing" ? damping.successBeforePassing : damping.failuresBeforeCritical;
  if (streak >= Math.max(1, needed)) return { status: result, streak: 0, streakStatus: "" };
  return { status: state.status, streak, streakStatus: result };
}
