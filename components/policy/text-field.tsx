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

type TextKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends string ? K : never }[keyof T];

/**
 * Fields for the optional text parts of a rewrite or redirect: empty = unset, which keeps the request's own.
 * Each is `${idPrefix}-${idSuffix}` and edits its key through `set`.
 */
export function unchangedTextFields<T extends object>(
  value: T,
  set: (patch: Partial<T>, key: string) => void,
  { idPrefix, issues, disabled }: { idPrefix: string; issues: readonly ApiIssue[]; disabled?: boolean },
) {
  return function text(k: TextKeys<T>, label: string, idSuffix: string) {
    return (
      <TextField
        id={`${idPrefix}-${idSuffix}`}
        label={label}
        optional
        placeholder="unchanged"
        value={value[k] as string | undefined}
        onChange={(v, key) => set({ [k]: v } as Partial<T>, key)}
        issues={issues}
        path={[String(k)]}
        disabled={disabled}
      />
    );
  };
}
