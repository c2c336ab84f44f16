"use client";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { Path } from "@/components/draft/issues.ts";
import { toNumber } from "./commit-input.tsx";
import { FieldIssues } from "./field-issues.tsx";

interface Props {
  id: string;
  label: string;
  /** In a table row the column header says what it is: the label is for screen readers only. */
  hideLabel?: boolean;
  value: number;
  min?: number;
  max?: number;
  disabled?: boolean;
  onChange: (n: number) => void;
  /** The draft's issues and where this field's live: shown under it. */
  issues?: readonly ApiIssue[];
  path?: Path;
}

/**
 * A whole number of a draft form (a port, an endpoint weight), label and issues included. Empty reads as 0, so the
 * draft's validation names the field instead of the input swallowing the edit.
 */
export function IntInput({ id, label, hideLabel, value, min, max, disabled, onChange, issues, path }: Props) {
  return (
    <>
      <label className={hideLabel ? "sr-only" : undefined} htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="num"
        type="number"
        min={min}
        max={max}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(toNumber(e.target.value))}
      />
      {issues && path ? <FieldIssues issues={issues} path={path} /> : null}
    </>
  );
}
