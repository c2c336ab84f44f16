import type { ApiIssue } from "@/lib/core/api/index.ts";
import { issuesAt, type Path } from "@/components/draft/issues.ts";
import styles from "./policy.module.css";

interface Props {
  issues: readonly ApiIssue[];
  /** Relative to the editor's value; [] = the feature itself. */
  path: Path;
  /** Also issues below `path` (default true). */
  deep?: boolean;
  id: string;
}

/** Server issues for one field, rendered right under it (same look as components/ui/field-issues). */
export function PolicyIssues({ issues, path, deep = true, id }: Props) {
  const here = issuesAt(issues, path, deep);
  if (here.length === 0) return null;
  return (
    <ul className={`field-issues ${styles.issues}`} id={id} data-testid={id} aria-live="polite">
      {here.map((i, k) => (
        <li key={k} className={i.severity === "warning" ? "issue-warning" : "issue-error"}>
          {i.code ? <code>{i.code}</code> : null} {i.message}
        </li>
      ))}
    </ul>
  );
}
