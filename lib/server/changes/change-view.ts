import "server-only";
import { MeshConfigSchema, type MeshConfig } from "@/lib/core/index.ts";
import type { ChangeDetail, ChangeSummary } from "@/lib/core/api/index.ts";
import { semanticIssues } from "./semantic-issues.ts";
import { diffMesh } from "@/lib/core/diff/index.ts";

type Person = { id: string; username: string; displayName: string };
export type ChangeRow = {
  id: string;
  title: string;
  description: string;
  status: ChangeSummary["status"];
  baseVersion: number;
  proposed: unknown;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  rolledOutAt: Date | null;
  decisionNote: string | null;
  revision: number;
  author: Person;
  approver: Person | null;
  configVersion: { version: number } | null;
};

export const CHANGE_INCLUDE = {
  author: { select: { id: true, username: true, displayName: true } },
  approver: { select: { id: true, username: true, displayName: true } },
  configVersion: { select: { version: true } },
} as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSummary(row: ChangeRow): ChangeSummary {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    author: row.author,
    approver: row.approver,
    baseVersion: row.baseVersion,
    producedVersion: row.configVersion?.version ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    decidedAt: iso(row.decidedAt),
    rolledOutAt: iso(row.rolledOutAt),
    decisionNote: row.decisionNote,
    revision: row.revision,
  };
}

/** The stored proposal passed validation when it was written; parsing again guards against drift. */
function proposedMesh(row: { proposed: unknown }): MeshConfig {
  return MeshConfigSchema.parse(row.proposed);
}

export { semanticIssues };

/**
 * `base` is what the proposal is compared with: the running mesh for an open change, the mesh of the
 * version before it for a rolled-out one.
 */
export function toDetail(row: ChangeRow, base: MeshConfig, runningVersion: number): ChangeDetail {
  const proposed = proposedMesh(row);
  const open = row.status === "DRAFT" || row.status === "PENDING";
  return {
    ...toSummary(row),
    proposed,
    issues: semanticIssues(proposed),
    diff: diffMesh(base, proposed),
    stale: open && row.baseVersion !== runningVersion,
  };
}
