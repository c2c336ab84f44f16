"use client";
import type { Service } from "@/lib/core/index.ts";
import { defaultMirror } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { hasIssues } from "@/components/draft/issues.ts";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { Mirror, PolicyProps } from "./types.ts";

type Props = PolicyProps<Mirror> & {
  /** The mesh's services: the choices for the mirror target. */
  services: readonly Pick<Service, "name" | "versions">[];
  /** Preferred not to mirror to (the rule's own destination) when switching on. */
  exclude?: string;
};

/** Sends a copy of a percentage of requests to another service version; its responses are dropped. */
export function MirrorEditor({ value, onChange, issues, idPrefix, disabled, services, exclude }: Props) {
  const id = idPrefix;
  const svc = value ? services.find((s) => s.name === value.service) : undefined;
  return (
    <div className={styles.editor} data-testid={id}>
      <FeatureToggle
        id={`${id}-on`}
        label="Mirror (shadow) traffic"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultMirror(services, exclude) : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      {value ? (
        <div className={`${styles.row} ${styles.sub}`}>
          <div className={styles.field}>
            <label htmlFor={`${id}-service`}>Service</label>
            <select
              id={`${id}-service`}
              data-testid={`${id}-service`}
              value={value.service}
              disabled={disabled}
              aria-invalid={hasIssues(issues, ["service"]) || undefined}
              onChange={(e) => {
                const s = services.find((x) => x.name === e.target.value);
                onChange({ ...value, service: e.target.value, version: s?.versions[0]?.name ?? value.version });
              }}
            >
              {svc ? null : <option value={value.service}>{value.service} (unknown)</option>}
              {services.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
            <PolicyIssues issues={issues} path={["service"]} id={`${id}-service-issues`} />
          </div>
          <div className={styles.field}>
            <label htmlFor={`${id}-version`}>Version</label>
            <select
              id={`${id}-version`}
              data-testid={`${id}-version`}
              value={value.version}
              disabled={disabled}
              aria-invalid={hasIssues(issues, ["version"]) || undefined}
              onChange={(e) => onChange({ ...value, version: e.target.value })}
            >
              {svc?.versions.some((v) => v.name === value.version) ? null : (
                <option value={value.version}>{value.version} (unknown)</option>
              )}
              {svc?.versions.map((v) => (
                <option key={v.name} value={v.name}>
                  {v.name}
                </option>
              ))}
            </select>
            <PolicyIssues issues={issues} path={["version"]} id={`${id}-version-issues`} />
          </div>
          <NumberField
            id={`${id}-percent`}
            label="Of requests"
            unit="%"
            min={0}
            max={100}
            step={0.1}
            required
            value={value.percent}
            onChange={(n, k) => n !== undefined && onChange({ ...value, percent: n }, k)}
            issues={issues}
            path={["percent"]}
            disabled={disabled}
          />
        </div>
      ) : null}
    </div>
  );
}
