"use client";
import { patchObject } from "@/lib/core/draft/index.ts";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { RouteMatch } from "@/lib/core/index.ts";
import { relativeIssues } from "@/components/draft/issues.ts";
import { CheckboxGroup } from "./checkbox-group.tsx";
import { HEADER_MATCH_TYPES, matchSummary, QUERY_MATCH_TYPES } from "./match-kinds.ts";
import { MatchRows } from "./match-rows.tsx";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { URI_MATCH_TYPES } from "./match-kinds.ts";
import { StringMatchField } from "./string-match-field.tsx";
import { HTTP_METHODS, type Change } from "./types.ts";

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
  const set = (patch: Partial<RouteMatch>, key?: string) => onChange(patchObject(value, patch), key);
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
          types={URI_MATCH_TYPES}
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
        <NumberField
          id={`${id}-port`}
          label="Listener port"
          min={1}
          max={65535}
          placeholder="any"
          value={value.port}
          onChange={(port, k) => set({ port }, k)}
          issues={issues}
          path={["port"]}
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
      <CheckboxGroup
        legend="Methods (none = any)"
        idPrefix={`${id}-method`}
        testId={`${id}-methods`}
        options={HTTP_METHODS}
        selected={value.methods}
        onChange={(methods) => set({ methods })}
        disabled={disabled}
      />
      <PolicyIssues issues={issues} path={["methods"]} id={`${id}-methods-issues`} />
      <MatchRows
        id={`${id}-headers`}
        kind="header"
        rows={value.headers}
        types={HEADER_MATCH_TYPES}
        onChange={(rows, k) => set({ headers: rows }, k)}
        issues={relativeIssues(issues, ["headers"])}
        disabled={disabled}
      />
      <MatchRows
        id={`${id}-query`}
        kind="query"
        rows={value.queryParams}
        types={QUERY_MATCH_TYPES}
        onChange={(rows, k) => set({ queryParams: rows }, k)}
        issues={relativeIssues(issues, ["queryParams"])}
        disabled={disabled}
      />
    </fieldset>
  );
}
