"use client";
import { defaultConnectionPool, defaultHealthCheck, defaultOutlierDetection } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { formatMs } from "./number.ts";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { TextField } from "./text-field.tsx";
import type { ConnectionPool, HealthCheck, OutlierDetection, PolicyProps } from "./types.ts";

type NumKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];

/** Limits per proxy and upstream version; every limit is optional (unset = unlimited). */
export function ConnectionPoolEditor({ value, onChange, issues, idPrefix: id, disabled }: PolicyProps<ConnectionPool>) {
  const num = (k: NumKeys<ConnectionPool>, label: string) => (
    <NumberField
      id={`${id}-${k}`}
      label={label}
      min={1}
      placeholder="∞"
      value={value?.[k]}
      issues={issues}
      path={[k]}
      disabled={disabled}
      onChange={(n, key) => {
        if (!value) return;
        const next = { ...value, [k]: n };
        if (n === undefined) delete next[k];
        onChange(next, key);
      }}
    />
  );
  return (
    <div className={styles.editor} data-testid={id}>
      <FeatureToggle
        id={`${id}-on`}
        label="Connection pool limits"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultConnectionPool() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      {value ? (
        <div className={`${styles.row} ${styles.sub}`}>
          {num("maxConnections", "Max connections")}
          {num("maxPendingRequests", "Max pending requests")}
          {num("maxRequestsPerConnection", "Max requests per connection")}
        </div>
      ) : null}
    </div>
  );
}

/** Ejects endpoints that keep failing, for a growing time. */
export function OutlierDetectionEditor({
  value,
  onChange,
  issues,
  idPrefix: id,
  disabled,
}: PolicyProps<OutlierDetection>) {
  const num = (k: NumKeys<OutlierDetection>, label: string, min: number, unit?: string, max?: number) => (
    <NumberField
      id={`${id}-${k}`}
      label={label}
      min={min}
      max={max}
      unit={unit}
      required
      value={value?.[k]}
      hint={unit === "ms" && value ? `= ${formatMs(value[k])}` : undefined}
      issues={issues}
      path={[k]}
      disabled={disabled}
      onChange={(n, key) => value && n !== undefined && onChange({ ...value, [k]: n }, key)}
    />
  );
  return (
    <div className={styles.editor} data-testid={id}>
      <FeatureToggle
        id={`${id}-on`}
        label="Outlier detection (eject failing endpoints)"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultOutlierDetection() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      {value ? (
        <div className={`${styles.row} ${styles.sub}`}>
          {num("consecutiveErrors", "Consecutive errors", 1)}
          {num("intervalMs", "Check interval", 100, "ms")}
          {num("baseEjectionMs", "Base ejection time", 100, "ms")}
          {num("maxEjectionPercent", "Max ejected", 0, "%", 100)}
        </div>
      ) : null}
    </div>
  );
}

/** Active HTTP health checks against each endpoint. */
export function HealthCheckEditor({ value, onChange, issues, idPrefix: id, disabled }: PolicyProps<HealthCheck>) {
  const num = (k: NumKeys<HealthCheck>, label: string, min: number, unit?: string) => (
    <NumberField
      id={`${id}-${k}`}
      label={label}
      min={min}
      unit={unit}
      required
      value={value?.[k]}
      issues={issues}
      path={[k]}
      disabled={disabled}
      onChange={(n, key) => value && n !== undefined && onChange({ ...value, [k]: n }, key)}
    />
  );
  return (
    <div className={styles.editor} data-testid={id}>
      <FeatureToggle
        id={`${id}-on`}
        label="Active health check"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultHealthCheck() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      {value ? (
        <div className={`${styles.row} ${styles.sub}`}>
          <TextField
            id={`${id}-path`}
            label="Path"
            value={value.path}
            placeholder="/healthz"
            onChange={(v, k) => onChange({ ...value, path: v ?? "" }, k)}
            issues={issues}
            path={["path"]}
            disabled={disabled}
          />
          {num("intervalMs", "Interval", 100, "ms")}
          {num("timeoutMs", "Timeout", 10, "ms")}
          {num("unhealthyThreshold", "Unhealthy after", 1, "failures")}
          {num("healthyThreshold", "Healthy after", 1, "successes")}
        </div>
      ) : null}
    </div>
  );
}
