"use client";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { HeaderMatch, QueryMatch } from "@/lib/core/index.ts";
import { relativeIssues } from "@/components/draft/issues.ts";
import { freshName, removeAt, replaceAt } from "./lists.ts";
import { takesValue } from "./match-kinds.ts";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";

type Row = HeaderMatch | QueryMatch;

interface Props<T extends Row> {
  id: string;
  kind: "header" | "query";
  rows: T[];
  types: readonly T["type"][];
  onChange: (rows: T[], key?: string) => void;
  /** Relative to the row list (['0','name'] …). */
  issues: readonly ApiIssue[];
  disabled?: boolean;
}

/** Header or query-parameter conditions: name, match type, value (none for present/absent). */
export function MatchRows<T extends Row>({ id, kind, rows, types, onChange, issues, disabled }: Props<T>) {
  const noun = kind === "header" ? "Header" : "Query parameter";
  const set = (i: number, patch: Partial<Row>, key?: string) =>
    onChange(replaceAt(rows, i, { ...rows[i]!, ...patch } as T), key);
  return (
    <fieldset data-testid={id}>
      <legend>{kind === "header" ? "Headers" : "Query parameters"}</legend>
      {rows.map((r, i) => {
        const rid = `${id}-${i}`;
        const bad = (f: string) => relativeIssues(issues, [i, f]).length > 0 || undefined;
        return (
          <div className={styles.listRow} key={i} data-testid={rid}>
            <label className="sr-only" htmlFor={`${rid}-name`}>{`${noun} ${i + 1} name`}</label>
            <input
              id={`${rid}-name`}
              data-testid={`${rid}-name`}
              value={r.name}
              placeholder="name"
              disabled={disabled}
              aria-invalid={bad("name")}
              onChange={(e) => set(i, { name: e.target.value }, `${rid}-name`)}
            />
            <label className="sr-only" htmlFor={`${rid}-type`}>{`${noun} ${i + 1} match type`}</label>
            <select
              id={`${rid}-type`}
              data-testid={`${rid}-type`}
              value={r.type}
              disabled={disabled}
              onChange={(e) =>
                set(i, { type: e.target.value as T["type"], ...(takesValue(e.target.value) ? {} : { value: "" }) })
              }
            >
              {types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <label className="sr-only" htmlFor={`${rid}-value`}>{`${noun} ${i + 1} value`}</label>
            <input
              id={`${rid}-value`}
              data-testid={`${rid}-value`}
              className={r.type === "regex" ? styles.mono : undefined}
              value={r.value}
              placeholder={takesValue(r.type) ? "value" : "(no value)"}
              disabled={disabled || !takesValue(r.type)}
              aria-invalid={bad("value")}
              onChange={(e) => set(i, { value: e.target.value }, `${rid}-value`)}
            />
            {disabled ? null : (
              <button
                type="button"
                className="small"
                aria-label={`Remove ${noun.toLowerCase()} ${r.name || i + 1}`}
                onClick={() => onChange(removeAt(rows, i))}
              >
                Remove
              </button>
            )}
            <PolicyIssues issues={issues} path={[i]} id={`${rid}-issues`} />
          </div>
        );
      })}
      {disabled ? null : (
        <button
          type="button"
          className="small"
          data-testid={`${id}-add`}
          onClick={() =>
            onChange([
              ...rows,
              {
                name: freshName(
                  rows.map((r) => r.name),
                  kind === "header" ? "x-user" : "param",
                ),
                type: "exact",
                value: "",
              } as T,
            ])
          }
        >
          {`Add ${noun.toLowerCase()}`}
        </button>
      )}
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
    </fieldset>
  );
}
