"use client";
import { DEFAULT_TIMEOUT_MS } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { formatMs } from "./number.ts";
import { NumberField } from "./number-field.tsx";
import styles from "./policy.module.css";
import type { PolicyProps } from "./types.ts";

/** Rule timeout in ms; off = the proxy's default. */
export function TimeoutField({ value, onChange, issues, idPrefix, disabled }: PolicyProps<number>) {
  return (
    <div className={styles.editor} data-testid={idPrefix}>
      <FeatureToggle
        id={`${idPrefix}-on`}
        label="Request timeout"
        on={value !== undefined}
        disabled={disabled}
        onToggle={(on) => onChange(on ? DEFAULT_TIMEOUT_MS : undefined)}
      />
      {value !== undefined ? (
        <div className={`${styles.row} ${styles.sub}`}>
          <NumberField
            id={`${idPrefix}-ms`}
            label="Timeout"
            unit="ms"
            min={1}
            required
            value={value}
            hint={`= ${formatMs(value)}, for the whole request including retries`}
            onChange={(n, key) => onChange(n, key)}
            issues={issues}
            path={[]}
            disabled={disabled}
          />
        </div>
      ) : null}
    </div>
  );
}
