"use client";
import { defaultRetries } from "./defaults.ts";
import { FeatureEditor } from "./feature-editor.tsx";
import { CheckboxGroup } from "./checkbox-group.tsx";
import { formatBytes } from "./number.ts";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { RETRY_ON, type PolicyProps, type RetryPolicy } from "./types.ts";

const RETRY_ON_LABEL: Record<string, string> = {
  "5xx": "5xx responses",
  "gateway-error": "502/503/504",
  "connect-failure": "connect failure",
  reset: "connection reset",
  "retriable-4xx": "409 conflict",
};

export function RetriesEditor(props: PolicyProps<RetryPolicy>) {
  const { value, onChange, issues, idPrefix, disabled } = props;
  const set = (patch: Partial<RetryPolicy>, key?: string) => value && onChange({ ...value, ...patch }, key);
  return (
    <FeatureEditor {...props} label="Retry failed requests" make={defaultRetries} layout="stack">
      {(value) => (
        <>
          <div className={styles.row}>
            <NumberField
              id={`${idPrefix}-attempts`}
              label="Attempts (retries)"
              min={0}
              max={10}
              required
              value={value.attempts}
              onChange={(n, k) => n !== undefined && set({ attempts: n }, k)}
              issues={issues}
              path={["attempts"]}
              disabled={disabled}
            />
            <NumberField
              id={`${idPrefix}-per-try`}
              label="Per-try timeout"
              unit="ms"
              min={1}
              value={value.perTryTimeoutMs}
              onChange={(n, k) => set({ perTryTimeoutMs: n }, k)}
              issues={issues}
              path={["perTryTimeoutMs"]}
              disabled={disabled}
            />
            <NumberField
              id={`${idPrefix}-backoff`}
              label="Backoff base"
              unit="ms"
              min={1}
              required
              value={value.backoffBaseMs}
              onChange={(n, k) => n !== undefined && set({ backoffBaseMs: n }, k)}
              issues={issues}
              path={["backoffBaseMs"]}
              disabled={disabled}
            />
            <NumberField
              id={`${idPrefix}-max-body`}
              label="Max buffered body"
              unit="bytes"
              min={0}
              required
              value={value.maxBufferedBodyBytes}
              hint={`${formatBytes(value.maxBufferedBodyBytes)}; larger bodies are never retried`}
              onChange={(n, k) => n !== undefined && set({ maxBufferedBodyBytes: n }, k)}
              issues={issues}
              path={["maxBufferedBodyBytes"]}
              disabled={disabled}
            />
          </div>
          <CheckboxGroup
            legend="Retry on"
            idPrefix={`${idPrefix}-on`}
            testId={`${idPrefix}-retry-on`}
            options={RETRY_ON}
            selected={value.retryOn}
            onChange={(retryOn) => set({ retryOn })}
            disabled={disabled}
            label={(r) => (
              <>
                <code>{r}</code> <span className="muted">({RETRY_ON_LABEL[r]})</span>
              </>
            )}
          />
          <PolicyIssues issues={issues} path={["retryOn"]} id={`${idPrefix}-retry-on-issues`} />
        </>
      )}
    </FeatureEditor>
  );
}
