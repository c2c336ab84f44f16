"use client";
import type { LoadBalancer } from "@/lib/core/index.ts";
import { hasIssues } from "@/components/draft/issues.ts";
import { defaultHashOn } from "./defaults.ts";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { TextField } from "./text-field.tsx";
import type { HashOn, PolicyProps } from "./types.ts";

const TYPES: { type: LoadBalancer["type"]; label: string }[] = [
  { type: "ROUND_ROBIN", label: "Round robin" },
  { type: "LEAST_REQUEST", label: "Least request" },
  { type: "RANDOM", label: "Random" },
  { type: "CONSISTENT_HASH", label: "Consistent hash (sticky)" },
];

/** Load-balancing algorithm across a version's endpoints; unset = the proxy default (round robin). */
export function LoadBalancerEditor({ value, onChange, issues, idPrefix, disabled }: PolicyProps<LoadBalancer>) {
  const id = idPrefix;
  const hashOn = value?.type === "CONSISTENT_HASH" ? value.hashOn : undefined;
  const setHash = (h: HashOn, key?: string) => onChange({ type: "CONSISTENT_HASH", hashOn: h }, key);
  return (
    <div className={styles.row} data-testid={id}>
      <div className={styles.field}>
        <label htmlFor={`${id}-type`}>Load balancer</label>
        <select
          id={`${id}-type`}
          data-testid={`${id}-type`}
          value={value?.type ?? ""}
          disabled={disabled}
          aria-invalid={hasIssues(issues, ["type"]) || undefined}
          onChange={(e) => {
            const t = e.target.value as LoadBalancer["type"] | "";
            onChange(
              t === "" ? undefined : t === "CONSISTENT_HASH" ? { type: t, hashOn: defaultHashOn() } : { type: t },
            );
          }}
        >
          <option value="">proxy default (round robin)</option>
          {TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
        <PolicyIssues issues={issues} path={["type"]} id={`${id}-type-issues`} />
      </div>
      {hashOn ? (
        <>
          <div className={styles.field}>
            <label htmlFor={`${id}-hash-kind`}>Hash on</label>
            <select
              id={`${id}-hash-kind`}
              data-testid={`${id}-hash-kind`}
              value={hashOn.kind}
              disabled={disabled}
              onChange={(e) => setHash(defaultHashOn(e.target.value as HashOn["kind"]))}
            >
              <option value="header">request header</option>
              <option value="cookie">cookie</option>
              <option value="sourceIp">source IP</option>
            </select>
          </div>
          {hashOn.kind !== "sourceIp" ? (
            <TextField
              id={`${id}-hash-name`}
              label={hashOn.kind === "header" ? "Header name" : "Cookie name"}
              value={hashOn.name}
              onChange={(v, k) => setHash({ kind: hashOn.kind, name: v ?? "" }, k)}
              issues={issues}
              path={["hashOn", "name"]}
              disabled={disabled}
            />
          ) : null}
          <PolicyIssues issues={issues} path={["hashOn"]} deep={false} id={`${id}-hash-issues`} />
        </>
      ) : null}
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
    </div>
  );
}
