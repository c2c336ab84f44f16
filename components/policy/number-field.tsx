"use client";
import { useState } from "react";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import { hasIssues, type Path } from "@/components/draft/issues.ts";
import { formatNumber, parseNumber } from "./number.ts";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";

interface Props {
  id: string;
  label: string;
  value: number | undefined;
  /** Called with undefined only when the field is optional and emptied. `key` is the field id (undo coalescing). */
  onChange: (n: number | undefined, key: string) => void;
  /** Required fields keep their last value while empty or unparsable instead of reporting "unset". */
  required?: boolean;
  unit?: string;
  min?: number;
  max?: number;
  step?: number;
  placeholder?: string;
  hint?: string;
  issues: readonly ApiIssue[];
  /** Where this field's issues live, relative to the editor's value. */
  path: Path;
  disabled?: boolean;
}

/**
 * Number input that never reports NaN: empty = unset (optional fields), unparsable text stays on screen
 * (marked invalid) until it parses. Out-of-range values are passed on so the server can flag them.
 */
export function NumberField({
  id,
  label,
  value,
  onChange,
  required,
  unit,
  min,
  max,
  step = 1,
  placeholder,
  hint,
  issues,
  path,
  disabled,
}: Props) {
  const [local, setLocal] = useState({ text: formatNumber(value), value });
  if (!Object.is(local.value, value)) setLocal({ text: formatNumber(value), value });
  const pending = parseNumber(local.text) === undefined && (required || local.text.trim() !== "");
  const invalid = pending || hasIssues(issues, path);
  const issuesId = `${id}-issues`;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <span className={styles.numWrap}>
        <input
          id={id}
          data-testid={id}
          className="num"
          type="number"
          inputMode="decimal"
          value={local.text}
          min={min}
          max={max}
          step={step}
          placeholder={placeholder ?? (required ? "" : "unset")}
          required={required}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={
            [hintId, hasIssues(issues, path) ? issuesId : undefined].filter(Boolean).join(" ") || undefined
          }
          onChange={(e) => {
            const text = e.target.value;
            const n = e.target.validity.badInput ? undefined : parseNumber(text);
            if (n === undefined && (required || e.target.validity.badInput)) return setLocal({ text, value });
            setLocal({ text, value: n });
            onChange(n, id);
          }}
          onBlur={() => pending && setLocal({ text: formatNumber(value), value })}
        />
        {unit ? <span className={styles.unit}>{unit}</span> : null}
      </span>
      {hint ? (
        <span className={styles.hint} id={hintId}>
          {hint}
        </span>
      ) : null}
      <PolicyIssues issues={issues} path={path} id={issuesId} />
    </div>
  );
}
