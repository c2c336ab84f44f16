"use client";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { defaultCors } from "./defaults.ts";
import { FeatureToggle } from "./feature-toggle.tsx";
import { relativeIssues } from "@/components/draft/issues.ts";
import { joinList, removeAt, replaceAt, splitList, toggle } from "./lists.ts";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { StringMatchField } from "./string-match-field.tsx";
import { HTTP_METHODS, type CorsPolicy, type PolicyProps } from "./types.ts";

/** Cross-origin policy answered by the proxy (preflights included). */
export function CorsEditor({ value, onChange, issues, idPrefix, disabled }: PolicyProps<CorsPolicy>) {
  const id = idPrefix;
  const set = (patch: Partial<CorsPolicy>, key?: string) => {
    if (!value) return;
    const next = { ...value, ...patch };
    if (next.maxAgeSeconds === undefined) delete next.maxAgeSeconds;
    if (next.allowCredentials === undefined) delete next.allowCredentials;
    onChange(next, key);
  };
  const list = (field: "allowHeaders" | "exposeHeaders", label: string) => {
    const text = value ? joinList(value[field]) : "";
    return (
      <div className={`${styles.field} ${styles.wide}`}>
        <label htmlFor={`${id}-${field}`}>{label}</label>
        <CommitInput
          key={text}
          id={`${id}-${field}`}
          data-testid={`${id}-${field}`}
          value={text}
          placeholder="none"
          disabled={disabled}
          onCommit={(t) => set({ [field]: splitList(t) })}
        />
        <PolicyIssues issues={issues} path={[field]} id={`${id}-${field}-issues`} />
      </div>
    );
  };
  return (
    <div className={styles.editor} data-testid={id}>
      <FeatureToggle
        id={`${id}-on`}
        label="Answer CORS requests"
        on={!!value}
        disabled={disabled}
        onToggle={(on) => onChange(on ? defaultCors() : undefined)}
      />
      <PolicyIssues issues={issues} path={[]} deep={false} id={`${id}-issues`} />
      {value ? (
        <div className={`${styles.editor} ${styles.sub}`}>
          <fieldset data-testid={`${id}-origins`}>
            <legend>Allowed origins</legend>
            {value.allowOrigins.length === 0 ? (
              <p className="muted small">None: no cross-origin request is allowed.</p>
            ) : null}
            {value.allowOrigins.map((o, i) => (
              <div className={styles.listRow} key={i}>
                <StringMatchField
                  id={`${id}-origin-${i}`}
                  label={`Origin ${i + 1}`}
                  value={o}
                  placeholder="https://example.com"
                  onChange={(m, k) => m && set({ allowOrigins: replaceAt(value.allowOrigins, i, m) }, k)}
                  issues={relativeIssues(issues, ["allowOrigins", i])}
                  disabled={disabled}
                />
                {disabled ? null : (
                  <button
                    type="button"
                    className="small"
                    style={{ alignSelf: "flex-end" }}
                    aria-label={`Remove origin ${i + 1}`}
                    onClick={() => set({ allowOrigins: removeAt(value.allowOrigins, i) })}
                  >
                    Remove
                  </button>
                )}
              </div>
            ))}
            {disabled ? null : (
              <button
                type="button"
                className="small"
                data-testid={`${id}-origin-add`}
                onClick={() => set({ allowOrigins: [...value.allowOrigins, { type: "exact", value: "" }] })}
              >
                Add origin
              </button>
            )}
            <PolicyIssues issues={issues} path={["allowOrigins"]} deep={false} id={`${id}-origins-issues`} />
          </fieldset>
          <fieldset className={styles.checks}>
            <legend>Allowed methods</legend>
            {HTTP_METHODS.map((m) => (
              <span className="checkbox" key={m}>
                <input
                  id={`${id}-method-${m}`}
                  data-testid={`${id}-method-${m}`}
                  type="checkbox"
                  checked={value.allowMethods.includes(m)}
                  disabled={disabled}
                  onChange={(e) => set({ allowMethods: toggle(value.allowMethods, m, e.target.checked, HTTP_METHODS) })}
                />
                <label htmlFor={`${id}-method-${m}`}>{m}</label>
              </span>
            ))}
          </fieldset>
          <PolicyIssues issues={issues} path={["allowMethods"]} id={`${id}-methods-issues`} />
          <div className={styles.row}>
            {list("allowHeaders", "Allowed request headers (comma-separated)")}
            {list("exposeHeaders", "Exposed response headers (comma-separated)")}
          </div>
          <div className={styles.row}>
            <NumberField
              id={`${id}-max-age`}
              label="Preflight cache (max age)"
              unit="s"
              min={0}
              value={value.maxAgeSeconds}
              onChange={(n, k) => set({ maxAgeSeconds: n }, k)}
              issues={issues}
              path={["maxAgeSeconds"]}
              disabled={disabled}
            />
            <div className={styles.field}>
              <label htmlFor={`${id}-credentials`}>Allow credentials</label>
              <select
                id={`${id}-credentials`}
                data-testid={`${id}-credentials`}
                value={value.allowCredentials === undefined ? "" : String(value.allowCredentials)}
                disabled={disabled}
                onChange={(e) =>
                  set({ allowCredentials: e.target.value === "" ? undefined : e.target.value === "true" })
                }
              >
                <option value="">unset</option>
                <option value="true">yes</option>
                <option value="false">no</option>
              </select>
              <PolicyIssues issues={issues} path={["allowCredentials"]} id={`${id}-credentials-issues`} />
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
