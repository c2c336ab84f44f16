"use client";
import { defaultRewrite } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { TextField } from "./text-field.tsx";
import type { PolicyProps, Rewrite } from "./types.ts";

/** Rewrites the matched URI prefix and/or the Host before forwarding. */
export function RewriteEditor({ value, onChange, issues, idPrefix, disabled }: PolicyProps<Rewrite>) {
  const set = (patch: Partial<Rewrite>, key?: string) => {
    if (!value) return;
    const next = { ...value, ...patch };
    (Object.keys(next) as (keyof Rewrite)[]).forEach((k) => next[k] === undefined && delete next[k]);
    onChange(next, key);
  };
  return (
    <div className={styles.editor} data-testid={idPrefix}>
      <FeatureToggle
        id={`${idPrefix}-on`}
        label="Rewrite before forwarding"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultRewrite() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${idPrefix}-issues`} />
      {value ? (
        <div className={`${styles.row} ${styles.sub}`}>
          <TextField
            id={`${idPrefix}-uri-prefix`}
            label="Replace matched URI prefix with"
            optional
            placeholder="unchanged"
            value={value.uriPrefix}
            onChange={(v, k) => set({ uriPrefix: v }, k)}
            issues={issues}
            path={["uriPrefix"]}
            disabled={disabled}
          />
          <TextField
            id={`${idPrefix}-authority`}
            label="Host (authority)"
            optional
            placeholder="unchanged"
            value={value.authority}
            onChange={(v, k) => set({ authority: v }, k)}
            issues={issues}
            path={["authority"]}
            disabled={disabled}
          />
        </div>
      ) : null}
    </div>
  );
}
