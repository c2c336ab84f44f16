import { z } from "zod";
import { CanarySpecSchema } from "../canary/spec.ts";
import type { Operation } from "./operations.ts";
import {
  CanaryActionRequestSchema,
  CanaryListResponseSchema,
  CanaryViewSchema,
  DefaultRolloutPlanSchema,
  ProxyLabelsResponseSchema,
  RolloutListResponseSchema,
  SetDefaultRolloutPlanRequestSchema,
  SetProxyLabelsRequestSchema,
  StagedRolloutSchema,
} from "./staged-rollout.ts";

const op = <O extends Operation>(o: O) => o;
const IdParam = z.object({ id: z.string() });
const positiveInteger = "must be a positive integer";
const VersionParam = z.object({
  version: z.coerce.number({ error: positiveInteger }).int(positiveInteger).min(1, positiveInteger),
});

const canaryAction = (verb: "approve" | "pause" | "resume" | "promote" | "abort", summary: string) =>
  op({
    id: `${verb}Canary` as const,
    method: "POST" as const,
    path: `/api/canaries/{id}/${verb}` as const,
    summary,
    params: IdParam,
    // Running automation is an approver's to steer, as the approval that started it was.
    access: "approve" as const,
    body: CanaryActionRequestSchema,
    response: CanaryViewSchema,
  });

/** Staged rollouts of published versions, proxy labels, and metric-gated canaries (issue 13). */
export const rolloutOperations = {
  listRollouts: op({
    id: "listRollouts",
    method: "GET",
    path: "/api/rollouts",
    summary: "Staged rollouts, newest first, and the default plan",
    access: "read",
    response: RolloutListResponseSchema,
  }),
  setDefaultRolloutPlan: op({
    id: "setDefaultRolloutPlan",
    method: "PUT",
    path: "/api/rollouts/default-plan",
    summary:
      "Set the console's default rollout plan (approvals that name none use it; replaces SIGNALBOX_ROLLOUT_PLAN)",
    access: "admin",
    body: SetDefaultRolloutPlanRequestSchema,
    response: DefaultRolloutPlanSchema,
  }),
  getRollout: op({
    id: "getRollout",
    method: "GET",
    path: "/api/rollouts/{version}",
    summary: "The staged rollout of a version: stage, state, why it stalled, which proxies have it",
    params: VersionParam,
    access: "read",
    response: StagedRolloutSchema,
  }),
  resumeRollout: op({
    id: "resumeRollout",
    method: "POST",
    path: "/api/rollouts/{version}/resume",
    summary: "Resume a stalled rollout: its first stage bakes again",
    params: VersionParam,
    access: "approve",
    body: CanaryActionRequestSchema,
    response: StagedRolloutSchema,
  }),
  abortRollout: op({
    id: "abortRollout",
    method: "POST",
    path: "/api/rollouts/{version}/abort",
    summary: "Abort a rollout: publishes the previous config again, to every proxy at once",
    params: VersionParam,
    access: "approve",
    body: CanaryActionRequestSchema,
    response: StagedRolloutSchema,
  }),
  setProxyLabels: op({
    id: "setProxyLabels",
    method: "PUT",
    path: "/api/proxies/{id}/labels",
    summary: "Set the console's labels of a proxy (they override and extend the proxy's own)",
    params: IdParam,
    access: "edit",
    body: SetProxyLabelsRequestSchema,
    response: ProxyLabelsResponseSchema,
  }),
  listCanaries: op({
    id: "listCanaries",
    method: "GET",
    path: "/api/canaries",
    summary: "Canaries, newest first",
    access: "read",
    response: CanaryListResponseSchema,
  }),
  createCanary: op({
    id: "createCanary",
    method: "POST",
    path: "/api/canaries",
    summary: "Propose a canary of a route rule; another approver must approve it before it starts",
    access: "edit",
    body: CanarySpecSchema,
    response: CanaryViewSchema,
    status: 201,
  }),
  getCanary: op({
    id: "getCanary",
    method: "GET",
    path: "/api/canaries/{id}",
    summary: "A canary: state, step, timeline",
    params: IdParam,
    access: "read",
    response: CanaryViewSchema,
  }),
  approveCanary: canaryAction(
    "approve",
    "Approve someone else's canary: it starts, and every step is authorized by it",
  ),
  pauseCanary: canaryAction("pause", "Pause a running canary at its current weight"),
  resumeCanary: canaryAction("resume", "Resume a paused canary"),
  promoteCanary: canaryAction("promote", "Promote now: the canary becomes the stable target"),
  abortCanary: canaryAction("abort", "Abort: the rule returns to its starting weights"),
} as const satisfies Record<string, Operation>;
