"use client";
import type { ReactNode } from "react";
import { FeatureToggle } from "./feature-toggle.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { PolicyProps } from "./types.ts";

type Props<T> = PolicyProps<T> & {
  label: string;
  /** What the feature starts as when switched on. */
  make: () => T;
  /** `row`: fields side by side (default); `stack`: groups one under the other. */
  layout?: "row" | "stack";
  /** The fields, shown while the feature is on. */
  children: (value: T) => ReactNode;
};

/**
 * A feature that is off (undefined) or on with a value: its toggle (`${idPrefix}-on`), its own issues
 * (`${idPrefix}-issues`) and, when on, its fields. Takes the editor's PolicyProps as they are.
 */
export function FeatureEditor<T>({
  idPrefix: id,
  label,
  value,
  onChange,
  make,
  issues,
  disabled,
  layout,
  children,
}: Props<T>) {
  return (
    <div className={styles.editor} data-testid={id}>
      <FeatureToggle
        id={`${id}-on`}
        label={label}
        on={value !== undefined}
        disabled={disabled}
        onToggle={(on) => onChange(on ? make() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      {value !== undefined ? (
        <div className={`${layout === "stack" ? styles.editor : styles.row} ${styles.sub}`}>{children(value)}</div>
      ) : null}
    </div>
  );
}
