import type { ApiIssue } from "@/lib/core/api/index.ts";

export type Path = ReadonlyArray<string | number>;

/** Issues from PUT /api/changes/{id} name `proposed.routes...`; the editors address the mesh itself. */
export function normalizeIssues(issues: readonly ApiIssue[]): ApiIssue[] {
  return issues.map((i) => (i.path[0] === "proposed" ? { ...i, path: i.path.slice(1) } : i));
}

export const pathKey = (path: Path): string => path.join(".");

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

/** Issues naming exactly `path` or, with `deep`, anything below it. */
export function issuesAt(issues: readonly ApiIssue[], path: Path, deep = false): ApiIssue[] {
  return issues.filter((i) => (deep ? startsWith(i.path, path) : pathKey(i.path) === pathKey(path)));
}

export const hasError = (issues: readonly ApiIssue[]): boolean => issues.some((i) => i.severity !== "warning");
