import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { Path } from "@/components/draft/issues.ts";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import styles from "./policy.module.css";

interface Props {
  issues: readonly ApiIssue[];
  /** Relative to the editor's value; [] = the feature itself. */
  path: Path;
  /** Also issues below `path` (default true). */
  deep?: boolean;
  id: string;
}

/** Server issues for one field of a policy editor, rendered right under it. */
export function PolicyIssues({ issues, path, deep = true, id }: Props) {
  return <FieldIssues issues={issues} path={path} deep={deep} id={id} className={styles.issues} />;
}
