"use client";
import { defaultDirectResponse } from "./defaults.ts";
import { FeatureEditor } from "./feature-editor.tsx";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { DirectResponse, PolicyProps } from "./types.ts";

/** Answers with a fixed status and body instead of forwarding. */
export function DirectResponseEditor(props: PolicyProps<DirectResponse>) {
  const { onChange, issues, idPrefix: id, disabled } = props;
  return (
    <FeatureEditor {...props} label="Respond directly (no upstream)" make={defaultDirectResponse}>
      {(value) => (
        <>
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
        </>
      )}
    </FeatureEditor>
  );
}
