"use client";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import { hasIssues } from "@/components/draft/issues.ts";
import { STRING_MATCH_TYPES } from "./match-kinds.ts";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { StringMatch, UriMatch } from "./types.ts";

interface Props<M extends StringMatch | UriMatch> {
  id: string;
  label: string;
  value: M | undefined;
  /** undefined only when `allowAny` and "any" is chosen. */
  onChange: (next: M | undefined, key?: string) => void;
  /** The kinds offered (default: the string match kinds; URIs add `pathPrefix`). */
  types?: readonly M["type"][];
  /** Relative to the StringMatch (['value'] = its value). */
  issues: readonly ApiIssue[];
  allowAny?: boolean;
  placeholder?: string;
  disabled?: boolean;
}

/** Match type (any/prefix/exact/regex) and value, for URIs, authorities and CORS origins. */
export function StringMatchField<M extends StringMatch | UriMatch = StringMatch>({
  id,
  label,
  value,
  onChange,
  issues,
  allowAny,
  placeholder = "",
  disabled,
  types = STRING_MATCH_TYPES as readonly M["type"][],
}: Props<M>) {
  return (
    <div className={styles.listRow} data-testid={id}>
      <div className={styles.field}>
        <label htmlFor={`${id}-type`}>{label}</label>
        <select
          id={`${id}-type`}
          data-testid={`${id}-type`}
          value={value?.type ?? "any"}
          disabled={disabled}
          onChange={(e) => {
            const t = e.target.value;
            onChange(t === "any" ? undefined : ({ type: t, value: value?.value ?? placeholder } as M));
          }}
        >
          {allowAny || !value ? <option value="any">any</option> : null}
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      {value ? (
        <div className={`${styles.field} ${styles.wide}`}>
          <label htmlFor={`${id}-value`}>{`${label} ${value.type === "regex" ? "pattern" : "value"}`}</label>
          <input
            id={`${id}-value`}
            data-testid={`${id}-value`}
            value={value.value}
            placeholder={placeholder}
            disabled={disabled}
            className={value.type === "regex" ? styles.mono : undefined}
            aria-invalid={hasIssues(issues, []) || undefined}
            onChange={(e) => onChange({ ...value, value: e.target.value }, `${id}-value`)}
          />
        </div>
      ) : null}
      <PolicyIssues issues={issues} path={[]} id={`${id}-issues`} />
    </div>
  );
}
