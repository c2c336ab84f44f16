"use client";
import { useState } from "react";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { relativeIssues } from "@/components/draft/issues.ts";
import { freshName, removeKey, renameKey, setValue } from "./lists.ts";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";

interface Props {
  id: string;
  legend: string;
  value: Record<string, string>;
  onChange: (next: Record<string, string>, key?: string) => void;
  /** Relative to the record: ['x-user'] is the entry "x-user". */
  issues: readonly ApiIssue[];
  disabled?: boolean;
  addLabel: string;
}

/** Header name → value rows. Names commit on blur/Enter; a name already in use is refused. */
export function KeyValueRows({ id, legend, value, onChange, issues, disabled, addLabel }: Props) {
  const [refused, setRefused] = useState<{ row: number; name: string } | null>(null);
  const entries = Object.entries(value);
  return (
    <fieldset data-testid={id}>
      <legend>{legend}</legend>
      {entries.length === 0 ? <p className="muted small">None.</p> : null}
      {entries.map(([name, v], i) => {
        const rid = `${id}-${i}`;
        const bad = relativeIssues(issues, [name]).length > 0;
        return (
          <div className={styles.listRow} key={`${i}:${name}`} data-testid={rid}>
            <label className="sr-only" htmlFor={`${rid}-name`}>{`${legend}: header name ${i + 1}`}</label>
            <CommitInput
              key={refused?.row === i ? `${name}!${refused.name}` : name}
              id={`${rid}-name`}
              data-testid={`${rid}-name`}
              value={name}
              disabled={disabled}
              aria-invalid={bad || undefined}
              onCommit={(t) => {
                const next = renameKey(value, name, t);
                setRefused(next ? null : { row: i, name: t });
                if (next) onChange(next);
              }}
            />
            <label className="sr-only" htmlFor={`${rid}-value`}>{`${legend}: value of ${name}`}</label>
            <input
              id={`${rid}-value`}
              data-testid={`${rid}-value`}
              value={v}
              placeholder="value"
              disabled={disabled}
              onChange={(e) => onChange(setValue(value, name, e.target.value), `${rid}-value`)}
            />
            {disabled ? null : (
              <button
                type="button"
                className="small"
                aria-label={`Remove ${name} from ${legend.toLowerCase()}`}
                onClick={() => onChange(removeKey(value, name))}
              >
                Remove
              </button>
            )}
            {refused?.row === i ? (
              <span className="text-bad small" role="alert">
                {refused.name.trim() === ""
                  ? "A header name is required."
                  : `"${refused.name.trim()}" is already in this list.`}
              </span>
            ) : null}
            <PolicyIssues issues={issues} path={[name]} id={`${rid}-issues`} />
          </div>
        );
      })}
      {disabled ? null : (
        <button
          type="button"
          className="small"
          data-testid={`${id}-add`}
          onClick={() => onChange({ ...value, [freshName(Object.keys(value))]: "" })}
        >
          {addLabel}
        </button>
      )}
    </fieldset>
  );
}
