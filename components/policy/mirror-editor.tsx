"use client";
import { retarget, type Targets } from "@/lib/core/draft/index.ts";
import { hasIssues } from "@/components/draft/issues.ts";
import { defaultMirror } from "./defaults.ts";
import { FeatureEditor } from "./feature-editor.tsx";
import { PercentField } from "./percent-field.tsx";
import { ServiceOptions, VersionOptions } from "./target-options.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { Mirror, PolicyProps } from "./types.ts";

type Props = PolicyProps<Mirror> & {
  /** The mesh's services: the choices for the mirror target. */
  services: Targets;
  /** Preferred not to mirror to (the rule's own destination) when switching on. */
  exclude?: string;
};

/** Sends a copy of a percentage of requests to another service version; its responses are dropped. */
export function MirrorEditor({ services, exclude, ...props }: Props) {
  const { onChange, issues, idPrefix: id, disabled } = props;
  return (
    <FeatureEditor {...props} label="Mirror (shadow) traffic" make={() => defaultMirror(services, exclude)}>
      {(value) => (
        <>
          <div className={styles.field}>
            <label htmlFor={`${id}-service`}>Service</label>
            <select
              id={`${id}-service`}
              data-testid={`${id}-service`}
              value={value.service}
              disabled={disabled}
              aria-invalid={hasIssues(issues, ["service"]) || undefined}
              onChange={(e) => onChange(retarget(services, value, { service: e.target.value }))}
            >
              <ServiceOptions services={services} current={value.service} />
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
              <VersionOptions services={services} service={value.service} current={value.version} />
            </select>
            <PolicyIssues issues={issues} path={["version"]} id={`${id}-version-issues`} />
          </div>
          <PercentField
            id={`${id}-percent`}
            value={value.percent}
            onChange={(n, k) => onChange({ ...value, percent: n }, k)}
            issues={issues}
            path={["percent"]}
            disabled={disabled}
          />
        </>
      )}
    </FeatureEditor>
  );
}
