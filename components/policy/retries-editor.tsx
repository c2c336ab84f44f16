"use client";
import { defaultRetries } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { toggle } from "./lists.ts";
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

export function RetriesEditor({ value, onChange, issues, idPrefix, disabled }: PolicyProps<RetryPolicy>) {
  const set = (patch: Partial<RetryPolicy>, key?: string) => value && onChange({ ...value, ...patch }, key);
  return (
    <div className={styles.editor} data-testid={idPrefix}>
      <FeatureToggle
        id={`${idPrefix}-on`}
        label="Retry failed requests"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultRetries() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${idPrefix}-issues`} />
      {value ? (
        <div className={`${styles.editor} ${styles.sub}`}>
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
          <fieldset className={styles.checks} data-testid={`${idPrefix}-retry-on`}>
            <legend>Retry on</legend>
            {RETRY_ON.map((r) => (
              <span className="checkbox" key={r}>
                <input
                  id={`${idPrefix}-on-${r}`}
                  data-testid={`${idPrefix}-on-${r}`}
                  type="checkbox"
                  checked={value.retryOn.includes(r)}
                  disabled={disabled}
                  onChange={(e) => set({ retryOn: toggle(value.retryOn, r, e.target.checked, RETRY_ON) })}
                />
                <label htmlFor={`${idPrefix}-on-${r}`}>
                  <code>{r}</code> <span className="muted">({RETRY_ON_LABEL[r]})</span>
                </label>
              </span>
            ))}
          </fieldset>
          <PolicyIssues issues={issues} path={["retryOn"]} id={`${idPrefix}-retry-on-issues`} />
        </div>
      ) : null}
    </div>
  );
}
