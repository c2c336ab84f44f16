import { z } from "zod";
import { NameSchema } from "../model/names.ts";

/** The checks an interval's figures of the canary version must pass (Flagger's and Argo Rollouts' analysis). */
export const CanaryGatesSchema = z.object({
  /** Percent of requests to the canary that are not 5xx. */
  minSuccessRate: z.number().min(0, "must be 0..100").max(100, "must be 0..100").default(99),
  maxP99Ms: z.number().int().min(1, "must be >= 1").max(600_000).default(500),
  /** Fewer requests to the canary in an interval fail the check: no traffic is no evidence. */
  minRequests: z.number().int().min(0).max(1_000_000).default(10),
});
export type CanaryGates = z.infer<typeof CanaryGatesSchema>;

/** POST /api/canaries: what a canary does. Reviewed once; its approval authorizes every step. */
export const CanarySpecSchema = z
  .object({
    route: NameSchema,
    /** Which rule of the route (first = 0) the canary shifts. */
    ruleIndex: z.number().int().min(0).max(999).default(0),
    /** Version (subset) names of the route's service. */
    stable: NameSchema,
    canary: NameSchema,
    /** Canary weights in percent, increasing; the canary is promoted after the last one passes. */
    steps: z
      .array(z.number().int("must be an integer").min(1, "must be 1..100").max(100, "must be 1..100"))
      .min(1, "needs at least one step")
      .max(20)
      .default([5, 10, 25, 50, 100]),
    intervalSeconds: z.number().int().min(1, "must be >= 1").max(3600, "must be <= 3600").default(60),
    gates: CanaryGatesSchema.default(CanaryGatesSchema.parse({})),
    /** Failed checks tolerated; one more rolls the canary back. */
    maxFailures: z.number().int().min(0).max(10).default(0),
  })
  .refine((s) => s.stable !== s.canary, { message: "must differ from stable", path: ["canary"] })
  .refine((s) => s.steps.every((w, i) => i === 0 || w > s.steps[i - 1]!), {
    message: "must increase",
    path: ["steps"],
  });
export type CanarySpec = z.infer<typeof CanarySpecSchema>;
export type CanarySpecInput = z.input<typeof CanarySpecSchema>;

export const CanaryStateSchema = z.enum(["PENDING", "RUNNING", "PAUSED", "PROMOTED", "ROLLED_BACK", "ABORTED"]);
export type CanaryState = z.infer<typeof CanaryStateSchema>;
export const ACTIVE_CANARY_STATES: readonly CanaryState[] = ["PENDING", "RUNNING", "PAUSED"];

/** One entry of the step timeline. */
export const CanaryEventSchema = z.object({
  at: z.string(),
  kind: z.enum(["created", "approved", "step", "check", "paused", "resumed", "promoted", "rolled-back", "aborted"]),
  /** Canary weight after the event, when it published one. */
  weight: z.number().int().nullable().default(null),
  version: z.number().int().nullable().default(null),
  message: z.string(),
});
export type CanaryEvent = z.infer<typeof CanaryEventSchema>;
