import { z } from "zod";
import { RolloutPlanSchema } from "../rollout/plan.ts";
import { MeshConfigSchema } from "../model/mesh.ts";
import { ApiIssueSchema } from "./errors.ts";

/** DISCARDED: withdrawn by its author (a draft abandoned or a pending change taken back), never reviewed. */
export const ChangeStatusSchema = z.enum(["DRAFT", "PENDING", "APPROVED", "REJECTED", "ROLLED_OUT", "DISCARDED"]);
export type ChangeStatus = z.infer<typeof ChangeStatusSchema>;

export const MeshChangeEntrySchema = z.object({
  kind: z.enum(["added", "removed", "changed"]),
  entity: z.string(),
  name: z.string(),
  summary: z.string(),
  path: z.array(z.union([z.string(), z.number()])).default([]),
});
export type MeshChangeEntry = z.infer<typeof MeshChangeEntrySchema>;

const PersonSchema = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

export const ChangeSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: ChangeStatusSchema,
  author: PersonSchema,
  approver: PersonSchema.nullable(),
  baseVersion: z.number().int(),
  /** Config version this change produced once rolled out. */
  producedVersion: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  rolledOutAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** Bumped on every edit; an update names the revision it is based on (optimistic concurrency). */
  revision: z.number().int(),
});
export type ChangeSummary = z.infer<typeof ChangeSummarySchema>;

export const ChangeDetailSchema = ChangeSummarySchema.extend({
  proposed: MeshConfigSchema,
  /** Semantic issues of `proposed`; approval requires no error. */
  issues: z.array(ApiIssueSchema),
  /** `proposed` against the running config. */
  diff: z.array(MeshChangeEntrySchema),
  /** The running version differs from baseVersion: approving would overwrite someone else's change. */
  stale: z.boolean(),
});
export type ChangeDetail = z.infer<typeof ChangeDetailSchema>;

export const ChangeListResponseSchema = z.object({ changes: z.array(ChangeSummarySchema) });
export type ChangeListResponse = z.infer<typeof ChangeListResponseSchema>;

export const CreateChangeRequestSchema = z.object({
  title: z.string().trim().min(1, "is required").max(200).default("Untitled change"),
  description: z.string().max(4000).default(""),
  /** Defaults to the running config. */
  proposed: MeshConfigSchema.optional(),
});

export const UpdateChangeRequestSchema = z.object({
  /** The change's `revision` this update is based on; an older one is refused with 409 STALE_REVISION. */
  revision: z.number().int().min(0),
  title: z.string().trim().min(1, "is required").max(200).optional(),
  description: z.string().max(4000).optional(),
  proposed: MeshConfigSchema.optional(),
});

export const DecisionRequestSchema = z.object({ note: z.string().max(4000).default("") });
/** Approval may name how the version reaches the fleet; without a plan the console's default applies. */
export const ApproveRequestSchema = DecisionRequestSchema.extend({ rollout: RolloutPlanSchema.optional() });

export const ValidateRequestSchema = z.object({ proposed: MeshConfigSchema });
export const ValidateResponseSchema = z.object({
  issues: z.array(ApiIssueSchema),
  diff: z.array(MeshChangeEntrySchema),
});
export type ValidateResponse = z.infer<typeof ValidateResponseSchema>;
