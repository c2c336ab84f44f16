import { z } from "zod";
import { CanaryEventSchema, CanarySpecSchema, CanaryStateSchema } from "../canary/spec.ts";
import { LabelsSchema } from "../rollout/labels.ts";
import { RolloutPlanSchema } from "../rollout/plan.ts";

export const StagedRolloutStateSchema = z.enum(["BAKING", "STALLED", "COMPLETED", "ABORTED"]);

/** One proxy in a staged rollout: in the first stage or not, and what it runs. */
export const StagedRolloutProxySchema = z.object({
  id: z.string(),
  labels: LabelsSchema,
  inFirstStage: z.boolean(),
  appliedVersion: z.number().int().nullable(),
});

/** GET /api/rollouts/{version}: a published version's staged rollout, live. */
export const StagedRolloutSchema = z.object({
  version: z.number().int(),
  previousVersion: z.number().int(),
  plan: RolloutPlanSchema,
  planText: z.string(),
  /** 0 while the first stage bakes, 1 once every proxy may run the version. */
  stage: z.number().int(),
  state: StagedRolloutStateSchema,
  /** Why it stalled, or how it ended. */
  reason: z.string().nullable(),
  stageStartedAt: z.string(),
  /** When the bake ends and the rest of the fleet gets the version (null unless baking). */
  bakeEndsAt: z.string().nullable(),
  touchedRoutes: z.array(z.string()),
  abortVersion: z.number().int().nullable(),
  proxies: z.array(StagedRolloutProxySchema),
});
export type StagedRollout = z.infer<typeof StagedRolloutSchema>;

/**
 * The plan an approval uses when it names none: the console setting an admin saved, else SIGNALBOX_ROLLOUT_PLAN
 * (the initial default), else all at once.
 */
export const DefaultRolloutPlanSchema = z.object({
  defaultPlan: RolloutPlanSchema,
  /** console: saved by an admin; environment: SIGNALBOX_ROLLOUT_PLAN or, unset, all at once. */
  defaultPlanSource: z.enum(["console", "environment"]),
  defaultPlanUpdatedBy: z.string().nullable(),
  defaultPlanUpdatedAt: z.string().nullable(),
});
export type DefaultRolloutPlan = z.infer<typeof DefaultRolloutPlanSchema>;

export const RolloutListResponseSchema = DefaultRolloutPlanSchema.extend({
  rollouts: z.array(StagedRolloutSchema),
});
export type RolloutListResponse = z.infer<typeof RolloutListResponseSchema>;

/** PUT /api/rollouts/default-plan (admin). */
export const SetDefaultRolloutPlanRequestSchema = z.object({ plan: RolloutPlanSchema });
export type SetDefaultRolloutPlanRequest = z.input<typeof SetDefaultRolloutPlanRequestSchema>;

/** PUT /api/proxies/{id}/labels: the console's labels for a proxy (they override the proxy's own). */
export const SetProxyLabelsRequestSchema = z.object({ labels: LabelsSchema });
export type SetProxyLabelsRequest = z.infer<typeof SetProxyLabelsRequestSchema>;
export const ProxyLabelsResponseSchema = z.object({
  id: z.string(),
  own: LabelsSchema,
  console: LabelsSchema,
  effective: LabelsSchema,
});
export type ProxyLabelsResponse = z.infer<typeof ProxyLabelsResponseSchema>;

export const CanaryViewSchema = z.object({
  id: z.string(),
  spec: CanarySpecSchema,
  state: CanaryStateSchema,
  stepIndex: z.number().int(),
  /** The canary weight now published (0 before the first step). */
  weight: z.number().int(),
  failures: z.number().int(),
  reason: z.string().nullable(),
  events: z.array(CanaryEventSchema),
  author: z.string(),
  approver: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
  createdAt: z.string(),
});
export type CanaryView = z.infer<typeof CanaryViewSchema>;
export const CanaryListResponseSchema = z.object({ canaries: z.array(CanaryViewSchema) });
export type CanaryListResponse = z.infer<typeof CanaryListResponseSchema>;

/** POST /api/canaries/{id}/{approve|pause|resume|promote|abort}: an optional note for the audit log. */
export const CanaryActionRequestSchema = z.object({ note: z.string().max(2000).default("") });
