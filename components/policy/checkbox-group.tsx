"use client";
import type { ReactNode } from "react";
import { toggle } from "./lists.ts";
import styles from "./policy.module.css";

interface Props<T extends string> {
  legend: string;
  /** Each box is `${idPrefix}-${option}` (id and test id). */
  idPrefix: string;
  testId?: string;
  options: readonly T[];
  selected: readonly T[];
  /** The new selection, in the order of `options`. */
  onChange: (next: T[]) => void;
  disabled?: boolean;
  label?: (option: T) => ReactNode;
}

/** A set of options picked with checkboxes (methods, retry conditions). */
export function CheckboxGroup<T extends string>({
  legend,
  idPrefix,
  testId,
  options,
  selected,
  onChange,
  disabled,
  label = (o) => o,
}: Props<T>) {
  return (
    <fieldset className={styles.checks} data-testid={testId}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <span className="checkbox" key={o}>
          <input
            id={`${idPrefix}-${o}`}
            data-testid={`${idPrefix}-${o}`}
            type="checkbox"
            checked={selected.includes(o)}
            disabled={disabled}
            onChange={(e) => onChange(toggle(selected, o, e.target.checked, options))}
          />
          <label htmlFor={`${idPrefix}-${o}`}>{label(o)}</label>
        </span>
      ))}
    </fieldset>
  );
}
