"use client";
import { defaultDirectResponse } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { DirectResponse, PolicyProps } from "./types.ts";

/** Answers with a fixed status and body instead of forwarding. */
export function DirectResponseEditor({ value, onChange, issues, idPrefix, disabled }: PolicyProps<DirectResponse>) {
  const id = idPrefix;
  return (
    <div className={styles.editor} data-testid={id}>
      <FeatureToggle
        id={`${id}-on`}
        label="Respond directly (no upstream)"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultDirectResponse() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      {value ? (
        <div className={`${styles.row} ${styles.sub}`}>
          <NumberField
            id={`${id}-status`}
            label="Status"
            min={200}
            max={599}
            required
            value={value.status}
            onChange={(n, k) => n !== undefined && onChange({ ...value, status: n }, k)}
            issues={issues}
            path={["status"]}
            disabled={disabled}
          />
          <div className={`${styles.field} ${styles.wide}`}>
            <label htmlFor={`${id}-body`}>Body</label>
            <textarea
              id={`${id}-body`}
              data-testid={`${id}-body`}
              className={styles.body}
              rows={2}
              value={value.body}
              disabled={disabled}
              aria-invalid={issues.some((i) => i.path[0] === "body") || undefined}
              onChange={(e) => onChange({ ...value, body: e.target.value }, `${id}-body`)}
            />
            <PolicyIssues issues={issues} path={["body"]} id={`${id}-body-issues`} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
