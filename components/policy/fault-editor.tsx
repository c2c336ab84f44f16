"use client";
import { patchObject } from "@/lib/core/draft/index.ts";
import { defaultAbort, defaultDelay } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { NumberField } from "./number-field.tsx";
import { PercentField } from "./percent-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { Fault, FaultAbort, FaultDelay, PolicyProps } from "./types.ts";

/** The two halves of a fault differ only in their second field. */
const PARTS = {
  delay: {
    toggle: "Inject delay",
    make: defaultDelay,
    field: { key: "fixedDelayMs", id: "ms", label: "Fixed delay", unit: "ms", min: 0, max: undefined },
  },
  abort: {
    toggle: "Inject abort",
    make: defaultAbort,
    field: { key: "httpStatus", id: "status", label: "HTTP status", unit: undefined, min: 200, max: 599 },
  },
} as const;

type Part = keyof typeof PARTS;
type PartValue = FaultDelay & FaultAbort;

/** Fault injection: a delay and/or an abort, each for a percentage of requests. Both off = no fault. */
export function FaultEditor({ value, onChange, issues, idPrefix, disabled }: PolicyProps<Fault>) {
  const set = (patch: Partial<Fault>, key?: string) => {
    const next = patchObject<Fault>(value ?? {}, patch);
    onChange(next.delay || next.abort ? next : undefined, key);
  };
  const part = (k: Part) => {
    const { toggle, make, field } = PARTS[k];
    const current = value?.[k] as PartValue | undefined;
    const id = `${idPrefix}-${k}`;
    const setPart = (patch: Partial<PartValue>, key: string) => current && set({ [k]: { ...current, ...patch } }, key);
    return (
      <>
        <FeatureToggle
          id={`${id}-on`}
          label={toggle}
          on={!!current}
          disabled={disabled}
          onToggle={(on) => set({ [k]: on ? make() : undefined })}
        />
        {current ? (
          <div className={`${styles.row} ${styles.sub}`}>
            <PercentField
              id={`${id}-percent`}
              value={current.percent}
              onChange={(n, key) => setPart({ percent: n }, key)}
              issues={issues}
              path={[k, "percent"]}
              disabled={disabled}
            />
            <NumberField
              id={`${id}-${field.id}`}
              label={field.label}
              unit={field.unit}
              min={field.min}
              max={field.max}
              required
              value={current[field.key]}
              onChange={(n, key) => n !== undefined && setPart({ [field.key]: n }, key)}
              issues={issues}
              path={[k, field.key]}
              disabled={disabled}
            />
            <PolicyIssues issues={issues} path={[k]} deep={false} id={`${id}-issues`} />
          </div>
        ) : null}
      </>
    );
  };
  return (
    <div className={styles.editor} data-testid={idPrefix}>
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${idPrefix}-issues`} />
      {part("delay")}
      {part("abort")}
    </div>
  );
}
