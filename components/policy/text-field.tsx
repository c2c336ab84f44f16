import type { ApiIssue } from "@/lib/core/api/index.ts";
import { hasIssues, type Path } from "@/components/draft/issues.ts";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";

interface Props {
  id: string;
  label: string;
  value: string | undefined;
  /** With `optional`, an empty input reports undefined ("unset"). `key` is the field id (undo coalescing). */
  onChange: (v: string | undefined, key: string) => void;
  optional?: boolean;
  placeholder?: string;
  issues: readonly ApiIssue[];
  path: Path;
  disabled?: boolean;
  wide?: boolean;
  /** Visually hidden label (table-like rows). */
  hideLabel?: boolean;
}

export function TextField({
  id,
  label,
  value,
  onChange,
  optional,
  placeholder,
  issues,
  path,
  disabled,
  wide,
  hideLabel,
}: Props) {
  const bad = hasIssues(issues, path);
  return (
    <div className={`${styles.field} ${wide ? styles.wide : ""}`}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : undefined}>
        {label}
      </label>
      <input
        id={id}
        data-testid={id}
        value={value ?? ""}
        placeholder={placeholder ?? (optional ? "unset" : "")}
        disabled={disabled}
        aria-invalid={bad || undefined}
        aria-describedby={bad ? `${id}-issues` : undefined}
        onChange={(e) => onChange(optional && e.target.value === "" ? undefined : e.target.value, id)}
      />
      <PolicyIssues issues={issues} path={path} id={`${id}-issues`} />
    </div>
  );
}
