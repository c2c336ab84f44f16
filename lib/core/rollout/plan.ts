import { z } from "zod";
import { LabelsSchema, matchesSelector, nodeBucket, type Labels } from "./labels.ts";

/** What stops a stage: any NACK always; a regression of the touched routes' golden metrics against the baseline. */
export const RolloutGatesSchema = z.object({
  /** Stall when a touched route's error rate rises by more than this (0.05 = five percentage points). */
  maxErrorRateIncrease: z.number().min(0).max(1).default(0.05),
  /** Stall when a touched route's p99 exceeds the baseline's by this factor (and by at least 5 ms). */
  maxP99Ratio: z.number().min(1).max(100).default(2),
  /** Below this many requests in the bake window a route's figures are not judged. */
  minRequests: z.number().int().min(0).max(1_000_000).default(20),
});
export type RolloutGates = z.infer<typeof RolloutGatesSchema>;

/**
 * How a published version reaches the fleet. `staged`: first the proxies the selector (all labels must match) or
 * the percentage picks, bake while the gates watch, then the rest. `all-at-once`: every proxy at once (as before).
 */
export const RolloutPlanSchema = z
  .object({
    mode: z.enum(["staged", "all-at-once"]).default("all-at-once"),
    selector: LabelsSchema.optional(),
    percent: z.number().int("must be an integer").min(1, "must be 1..100").max(100, "must be 1..100").optional(),
    bakeSeconds: z.number().int().min(0).max(86_400).default(60),
    gates: RolloutGatesSchema.default(RolloutGatesSchema.parse({})),
  })
  .refine((p) => p.mode === "all-at-once" || p.selector !== undefined || p.percent !== undefined, {
    message: "a staged plan needs a selector or a percent",
    path: ["selector"],
  });
export type RolloutPlan = z.infer<typeof RolloutPlanSchema>;
export type RolloutPlanInput = z.input<typeof RolloutPlanSchema>;

export const ALL_AT_ONCE: RolloutPlan = RolloutPlanSchema.parse({ mode: "all-at-once" });

export interface FleetNode {
  id: string;
  labels: Labels;
}

/** The proxies of the first stage: those the selector matches, else the percentage's share by node bucket. */
export function firstStage(plan: RolloutPlan, fleet: readonly FleetNode[]): string[] {
  const picked = fleet.filter((n) =>
    plan.selector ? matchesSelector(n.labels, plan.selector) : nodeBucket(n.id) < (plan.percent ?? 100),
  );
  return picked.map((n) => n.id).sort();
}

export const describePlan = (plan: RolloutPlan): string =>
  plan.mode === "all-at-once"
    ? "all at once"
    : `${
        plan.selector
          ? Object.entries(plan.selector)
              .map(([k, v]) => `${k}=${v}`)
              .join(",")
          : `${plan.percent}%`
      } first, bake ${plan.bakeSeconds}s, then the rest`;
