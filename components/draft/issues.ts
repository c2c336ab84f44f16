import type { ApiIssue } from "@/lib/core/api/index.ts";

/** Where an issue points in the mesh (`['routes', 0, 'rules', 1, 'retries', 'attempts']`), or below an editor's value. */
export type Path = ReadonlyArray<string | number>;

/** Issues from PUT /api/changes/{id} name `proposed.routes...`; the editors address the mesh itself. */
export function normalizeIssues(issues: readonly ApiIssue[]): ApiIssue[] {
  return issues.map((i) => (i.path[0] === "proposed" ? { ...i, path: i.path.slice(1) } : i));
}

export const pathKey = (path: Path): string => path.join(".");

/** Element by element, so rule 1 is not rule 10; numbers and their strings are the same index. */
function under(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

/** Issues naming exactly `path` or, with `deep`, anything below it. */
export function issuesAt(issues: readonly ApiIssue[], path: Path, deep = false): ApiIssue[] {
  return issues.filter((i) => under(i.path, path) && (deep || i.path.length === path.length));
}

/** Whether any issue names `path` or something below it. */
export const hasIssues = (issues: readonly ApiIssue[], path: Path): boolean => issuesAt(issues, path, true).length > 0;

/** Number of error-severity issues anywhere below `prefix`: the badge on a collapsed section. */
export const errorCount = (issues: readonly ApiIssue[], prefix: Path): number =>
  issuesAt(issues, prefix, true).filter((i) => i.severity !== "warning").length;

/** Issues at or below `prefix`, with `prefix` removed from their paths (what a nested editor receives). */
export function relativeIssues(issues: readonly ApiIssue[], prefix: Path): ApiIssue[] {
  return issuesAt(issues, prefix, true).map((i) => ({ ...i, path: i.path.slice(prefix.length) }));
}
