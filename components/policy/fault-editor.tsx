"use client";
import { defaultAbort, defaultDelay } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { Fault, PolicyProps } from "./types.ts";

/** Fault injection: a delay and/or an abort, each for a percentage of requests. Both off = no fault. */
export function FaultEditor({ value, onChange, issues, idPrefix, disabled }: PolicyProps<Fault>) {
  const { delay, abort } = value ?? {};
  const set = (patch: Partial<Fault>, key?: string) => {
    const next: Fault = { ...value, ...patch };
    if (!next.delay) delete next.delay;
    if (!next.abort) delete next.abort;
    onChange(next.delay || next.abort ? next : undefined, key);
  };
  return (
    <div className={styles.editor} data-testid={idPrefix}>
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${idPrefix}-issues`} />
      <FeatureToggle
        id={`${idPrefix}-delay-on`}
        label="Inject delay"
        on={!!delay}
        disabled={disabled}
        onToggle={(on) => set({ delay: on ? defaultDelay() : undefined })}
      />
      {delay ? (
        <div className={`${styles.row} ${styles.sub}`}>
          <NumberField
            id={`${idPrefix}-delay-percent`}
            label="Of requests"
            unit="%"
            min={0}
            max={100}
            step={0.1}
            required
            value={delay.percent}
            onChange={(n, k) => n !== undefined && set({ delay: { ...delay, percent: n } }, k)}
            issues={issues}
            path={["delay", "percent"]}
            disabled={disabled}
          />
          <NumberField
            id={`${idPrefix}-delay-ms`}
            label="Fixed delay"
            unit="ms"
            min={0}
            required
            value={delay.fixedDelayMs}
            onChange={(n, k) => n !== undefined && set({ delay: { ...delay, fixedDelayMs: n } }, k)}
            issues={issues}
            path={["delay", "fixedDelayMs"]}
            disabled={disabled}
          />
          <PolicyIssues issues={issues} path={["delay"]} deep={false} id={`${idPrefix}-delay-issues`} />
        </div>
      ) : null}
      <FeatureToggle
        id={`${idPrefix}-abort-on`}
        label="Inject abort"
        on={!!abort}
        disabled={disabled}
        onToggle={(on) => set({ abort: on ? defaultAbort() : undefined })}
      />
      {abort ? (
        <div className={`${styles.row} ${styles.sub}`}>
          <NumberField
            id={`${idPrefix}-abort-percent`}
            label="Of requests"
            unit="%"
            min={0}
            max={100}
            step={0.1}
            required
            value={abort.percent}
            onChange={(n, k) => n !== undefined && set({ abort: { ...abort, percent: n } }, k)}
            issues={issues}
            path={["abort", "percent"]}
            disabled={disabled}
          />
          <NumberField
            id={`${idPrefix}-abort-status`}
            label="HTTP status"
            min={200}
            max={599}
            required
            value={abort.httpStatus}
            onChange={(n, k) => n !== undefined && set({ abort: { ...abort, httpStatus: n } }, k)}
            issues={issues}
            path={["abort", "httpStatus"]}
            disabled={disabled}
          />
          <PolicyIssues issues={issues} path={["abort"]} deep={false} id={`${idPrefix}-abort-issues`} />
        </div>
      ) : null}
    </div>
  );
}
