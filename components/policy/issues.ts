import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { Path } from "@/components/draft/issues.ts";

function under(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

/** Issues at or below `prefix`, with `prefix` removed from their paths (what a nested editor receives). */
export function relativeIssues(issues: readonly ApiIssue[], prefix: Path): ApiIssue[] {
  return issues.filter((i) => under(i.path, prefix)).map((i) => ({ ...i, path: i.path.slice(prefix.length) }));
}

/** Issues whose path is exactly `path` (deep: or anything below it). */
export function issuesFor(issues: readonly ApiIssue[], path: Path, deep = true): ApiIssue[] {
  return issues.filter((i) => (deep ? under(i.path, path) : i.path.length === path.length && under(i.path, path)));
}

export const hasIssues = (issues: readonly ApiIssue[], path: Path): boolean => issuesFor(issues, path).length > 0;

/** Number of error-severity issues anywhere below `prefix`: the badge on a collapsed section. */
export const errorCount = (issues: readonly ApiIssue[], prefix: Path): number =>
  issuesFor(issues, prefix).filter((i) => i.severity !== "warning").length;
