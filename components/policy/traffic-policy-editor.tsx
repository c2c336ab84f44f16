"use client";
import { patchObject } from "@/lib/core/draft/index.ts";
import type { TrafficPolicy } from "@/lib/core/index.ts";
import { relativeIssues } from "@/components/draft/issues.ts";
import { ConnectionPoolEditor, HealthCheckEditor, OutlierDetectionEditor } from "./backend-editors.tsx";
import { LoadBalancerEditor } from "./load-balancer-editor.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { trafficPolicySummary } from "./summary.ts";
import type { PolicyProps } from "./types.ts";

type Part = keyof TrafficPolicy;

/** A service's traffic policy. Undefined when every part is off (the proxy defaults). */
export function TrafficPolicyEditor({ value, onChange, issues, idPrefix: id, disabled }: PolicyProps<TrafficPolicy>) {
  function setPart<K extends Part>(k: K, v: TrafficPolicy[K], key?: string) {
    const next = patchObject<TrafficPolicy>(value ?? {}, { [k]: v });
    onChange(Object.keys(next).length ? next : undefined, key);
  }
  const props = <K extends Part>(k: K) => ({
    value: value?.[k],
    issues: relativeIssues(issues, [k]),
    idPrefix: `${id}-${k}`,
    disabled,
    onChange: (v: TrafficPolicy[K] | undefined, key?: string) => setPart(k, v, key),
  });
  return (
    <fieldset className={`${styles.editor} ${styles.trafficPolicy}`} data-testid={id}>
      <legend>Traffic policy</legend>
      <p className={`${styles.summaryLine} small`} data-testid={`${id}-summary`}>
        {trafficPolicySummary(value)}
      </p>
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      <LoadBalancerEditor {...props("loadBalancer")} />
      <ConnectionPoolEditor {...props("connectionPool")} />
      <OutlierDetectionEditor {...props("outlierDetection")} />
      <HealthCheckEditor {...props("healthCheck")} />
    </fieldset>
  );
}
