"use client";
import { defaultRedirect } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { TextField } from "./text-field.tsx";
import type { PolicyProps, Redirect } from "./types.ts";

const CODES = [301, 302, 303, 307, 308];

/** Answers with a redirect instead of forwarding; unset parts keep the request's own. */
export function RedirectEditor({ value, onChange, issues, idPrefix, disabled }: PolicyProps<Redirect>) {
  const set = (patch: Partial<Redirect>, key?: string) => {
    if (!value) return;
    const next = { ...value, ...patch };
    (Object.keys(next) as (keyof Redirect)[]).forEach((k) => next[k] === undefined && delete next[k]);
    onChange(next, key);
  };
  const id = idPrefix;
  return (
    <div className={styles.editor} data-testid={id}>
      <FeatureToggle
        id={`${id}-on`}
        label="Redirect instead of forwarding"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultRedirect() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      {value ? (
        <div className={`${styles.row} ${styles.sub}`}>
          <div className={styles.field}>
            <label htmlFor={`${id}-scheme`}>Scheme</label>
            <select
              id={`${id}-scheme`}
              data-testid={`${id}-scheme`}
              value={value.scheme ?? ""}
              disabled={disabled}
              onChange={(e) =>
                set({ scheme: e.target.value === "" ? undefined : (e.target.value as "http" | "https") })
              }
            >
              <option value="">unchanged</option>
              <option value="http">http</option>
              <option value="https">https</option>
            </select>
            <PolicyIssues issues={issues} path={["scheme"]} id={`${id}-scheme-issues`} />
          </div>
          <TextField
            id={`${id}-authority`}
            label="Host (authority)"
            optional
            placeholder="unchanged"
            value={value.authority}
            onChange={(v, k) => set({ authority: v }, k)}
            issues={issues}
            path={["authority"]}
            disabled={disabled}
          />
          <TextField
            id={`${id}-uri`}
            label="Path (URI)"
            optional
            placeholder="unchanged"
            value={value.uri}
            onChange={(v, k) => set({ uri: v }, k)}
            issues={issues}
            path={["uri"]}
            disabled={disabled}
          />
          <NumberField
            id={`${id}-code`}
            label="Response code"
            min={300}
            max={399}
            required
            value={value.responseCode}
            hint={CODES.includes(value.responseCode) ? undefined : "usually 301, 302, 307 or 308"}
            onChange={(n, k) => n !== undefined && set({ responseCode: n }, k)}
            issues={issues}
            path={["responseCode"]}
            disabled={disabled}
          />
        </div>
      ) : null}
    </div>
  );
}
