"use client";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { HeaderMatch, QueryMatch, RouteMatch } from "@/lib/core/index.ts";
import { relativeIssues } from "@/components/draft/issues.ts";
import { toggle } from "./lists.ts";
import { MatchRows } from "./match-rows.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { StringMatchField } from "./string-match-field.tsx";
import { matchSummary } from "./summary.ts";
import { HTTP_METHODS, type Change } from "./types.ts";

const HEADER_TYPES: readonly HeaderMatch["type"][] = ["exact", "prefix", "regex", "present", "absent"];
const QUERY_TYPES: readonly QueryMatch["type"][] = ["exact", "prefix", "regex", "present"];

interface Props {
  value: RouteMatch;
  onChange: Change<RouteMatch>;
  /** Relative to the match (['uri','value'], ['headers',0,'name'] …). */
  issues: readonly ApiIssue[];
  idPrefix: string;
  disabled?: boolean;
  /** Shown as the legend; defaults to "Match". */
  legend?: string;
  onRemove?: () => void;
}

/** One RouteMatch: every condition must hold (AND). */
export function MatchEditor({ value, onChange, issues, idPrefix, disabled, legend = "Match", onRemove }: Props) {
  const id = idPrefix;
  const set = (patch: Partial<RouteMatch>, key?: string) => {
    const next = { ...value, ...patch };
    if (!next.uri) delete next.uri;
    if (!next.authority) delete next.authority;
    onChange(next, key);
  };
  return (
    <fieldset className={`match ${styles.editor}`} data-testid={id}>
      <legend>
        {legend} <span className="muted">· {matchSummary(value)}</span>
      </legend>
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      <div className={styles.row}>
        <StringMatchField
          id={`${id}-uri`}
          label="URI"
          allowAny
          placeholder="/"
          value={value.uri}
          onChange={(m, k) => set({ uri: m }, k)}
          issues={relativeIssues(issues, ["uri"])}
          disabled={disabled}
        />
        <StringMatchField
          id={`${id}-authority`}
          label="Authority (Host)"
          allowAny
          placeholder="example.com"
          value={value.authority}
          onChange={(m, k) => set({ authority: m }, k)}
          issues={relativeIssues(issues, ["authority"])}
          disabled={disabled}
        />
        {onRemove && !disabled ? (
          <button
            type="button"
            className="small"
            style={{ alignSelf: "flex-end", marginLeft: "auto" }}
            data-testid={`${id}-remove`}
            onClick={onRemove}
          >
            Remove match
          </button>
        ) : null}
      </div>
      <fieldset className={styles.checks} data-testid={`${id}-methods`}>
        <legend>Methods (none = any)</legend>
        {HTTP_METHODS.map((m) => (
          <span className="checkbox" key={m}>
            <input
              id={`${id}-method-${m}`}
              data-testid={`${id}-method-${m}`}
              type="checkbox"
              checked={value.methods.includes(m)}
              disabled={disabled}
              onChange={(e) => set({ methods: toggle(value.methods, m, e.target.checked, HTTP_METHODS) })}
            />
            <label htmlFor={`${id}-method-${m}`}>{m}</label>
          </span>
        ))}
      </fieldset>
      <PolicyIssues issues={issues} path={["methods"]} id={`${id}-methods-issues`} />
      <MatchRows
        id={`${id}-headers`}
        kind="header"
        rows={value.headers}
        types={HEADER_TYPES}
        onChange={(rows, k) => set({ headers: rows }, k)}
        issues={relativeIssues(issues, ["headers"])}
        disabled={disabled}
      />
      <MatchRows
        id={`${id}-query`}
        kind="query"
        rows={value.queryParams}
        types={QUERY_TYPES}
        onChange={(rows, k) => set({ queryParams: rows }, k)}
        issues={relativeIssues(issues, ["queryParams"])}
        disabled={disabled}
      />
    </fieldset>
  );
}
