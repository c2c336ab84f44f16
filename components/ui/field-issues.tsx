import type { ApiIssue } from "@/lib/core/api/index.ts";
import { issuesAt, pathKey, type Path } from "@/components/draft/issues.ts";

/** Issues naming `path` (or anything below it with `deep`), shown right next to the field. */
export function FieldIssues({
  issues,
  path,
  deep = false,
  id,
  className,
}: {
  issues: readonly ApiIssue[];
  path: Path;
  deep?: boolean;
  /** Id and test id of the list (default test id `issues-<path>`), for aria-describedby. */
  id?: string;
  className?: string;
}) {
  const here = issuesAt(issues, path, deep);
  if (here.length === 0) return null;
  return (
    <ul
      className={className ? `field-issues ${className}` : "field-issues"}
      id={id}
      data-testid={id ?? `issues-${pathKey(path)}`}
      aria-live="polite"
    >
      {here.map((i, k) => (
        <li key={k} className={i.severity === "warning" ? "issue-warning" : "issue-error"}>
          {i.code ? <code>{i.code}</code> : null} {i.message}
        </li>
      ))}
    </ul>
  );
}

/** Every issue, with its path, for a summary panel. */
export function IssueList({ issues, empty = "No issues." }: { issues: readonly ApiIssue[]; empty?: string }) {
  if (issues.length === 0)
    return (
      <p className="muted" data-testid="issues-empty">
        {empty}
      </p>
    );
  return (
    <ul className="issue-list" data-testid="issue-list">
      {issues.map((i, k) => (
        <li key={k} className={i.severity === "warning" ? "issue-warning" : "issue-error"}>
          <span className="badge">{i.severity ?? "error"}</span> {i.code ? <code>{i.code}</code> : null}{" "}
          <code className="path">{pathKey(i.path) || "(config)"}</code> {i.message}
        </li>
      ))}
    </ul>
  );
}
