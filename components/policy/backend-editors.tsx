"use client";
import { patchObject } from "@/lib/core/draft/index.ts";
import { defaultConnectionPool, defaultHealthCheck, defaultOutlierDetection } from "./defaults.ts";
import { FeatureEditor } from "./feature-editor.tsx";
import { formatMs } from "./number.ts";
import { NumberField } from "./number-field.tsx";
import { TextField } from "./text-field.tsx";
import type { ConnectionPool, HealthCheck, OutlierDetection, PolicyProps } from "./types.ts";

type NumKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];

interface NumOptions {
  min: number;
  max?: number;
  unit?: string;
  /** Unset (empty) means unlimited; otherwise the field keeps its last value while empty. */
  optional?: boolean;
  /** Show a millisecond value also in seconds. */
  inSeconds?: boolean;
}

/** The number fields of one backend policy part, each at `${idPrefix}-${key}` and editing that key. */
function numberFields<T extends object>({ value, onChange, issues, idPrefix: id, disabled }: PolicyProps<T>) {
  return function num(k: NumKeys<T>, label: string, { min, max, unit, optional, inSeconds }: NumOptions) {
    const n = value?.[k] as number | undefined;
    return (
      <NumberField
        id={`${id}-${String(k)}`}
        label={label}
        min={min}
        max={max}
        unit={unit}
        required={!optional}
        placeholder={optional ? "∞" : undefined}
        value={n}
        hint={inSeconds && n !== undefined ? `= ${formatMs(n)}` : undefined}
        issues={issues}
        path={[String(k)]}
        disabled={disabled}
        onChange={(next, key) =>
          value && (optional || next !== undefined) && onChange(patchObject(value, { [k]: next } as Partial<T>), key)
        }
      />
    );
  };
}

/** Limits per proxy and upstream version; every limit is optional (unset = unlimited). */
export function ConnectionPoolEditor(props: PolicyProps<ConnectionPool>) {
  const num = numberFields(props);
  return (
    <FeatureEditor {...props} label="Connection pool limits" make={defaultConnectionPool}>
      {() => (
        <>
          {num("maxConnections", "Max connections", { min: 1, optional: true })}
          {num("maxPendingRequests", "Max pending requests", { min: 1, optional: true })}
          {num("maxRequestsPerConnection", "Max requests per connection", { min: 1, optional: true })}
        </>
      )}
    </FeatureEditor>
  );
}

/** Ejects endpoints that keep failing, for a growing time. */
export function OutlierDetectionEditor(props: PolicyProps<OutlierDetection>) {
  const num = numberFields(props);
  return (
    <FeatureEditor {...props} label="Outlier detection (eject failing endpoints)" make={defaultOutlierDetection}>
      {() => (
        <>
          {num("consecutiveErrors", "Consecutive errors", { min: 1 })}
          {num("intervalMs", "Check interval", { min: 100, unit: "ms", inSeconds: true })}
          {num("baseEjectionMs", "Base ejection time", { min: 100, unit: "ms", inSeconds: true })}
          {num("maxEjectionPercent", "Max ejected", { min: 0, max: 100, unit: "%" })}
        </>
      )}
    </FeatureEditor>
  );
}

/** Active HTTP health checks against each endpoint. */
export function HealthCheckEditor(props: PolicyProps<HealthCheck>) {
  const { onChange, issues, idPrefix: id, disabled } = props;
  const num = numberFields(props);
  return (
    <FeatureEditor {...props} label="Active health check" make={defaultHealthCheck}>
      {(value) => (
        <>
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
          {num("intervalMs", "Interval", { min: 100, unit: "ms" })}
          {num("timeoutMs", "Timeout", { min: 10, unit: "ms" })}
          {num("unhealthyThreshold", "Unhealthy after", { min: 1, unit: "failures" })}
          {num("healthyThreshold", "Healthy after", { min: 1, unit: "successes" })}
        </>
      )}
    </FeatureEditor>
  );
}
