import type { MeshConfig } from "../model/index.ts";
import { ISSUE_CODES, type IssueCode, type IssueKey } from "./issue-codes.ts";

export type Severity = "error" | "warning";
export type IssuePath = (string | number)[];

export interface ValidationIssue {
  code: IssueCode;
  severity: Severity;
  /** Field path into the MeshConfig, e.g. ['routes', 0, 'rules', 1, 'destinations', 0, 'version']. */
  path: IssuePath;
  message: string;
}

/** One named semantic check. Rules read the whole mesh and never throw on a valid shape. */
export interface MeshRule {
  id: string;
  check(mesh: MeshConfig): ValidationIssue[];
}

/** Builds an issue from the catalogue so code and severity can never disagree. */
export function issue(key: IssueKey, path: IssuePath, message: string): ValidationIssue {
  const entry = ISSUE_CODES[key];
  return { code: entry.code, severity: entry.severity, path, message };
}
