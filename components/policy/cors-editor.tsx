"use client";
import { patchObject } from "@/lib/core/draft/index.ts";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { relativeIssues } from "@/components/draft/issues.ts";
import { defaultCors } from "./defaults.ts";
import { FeatureEditor } from "./feature-editor.tsx";
import { CheckboxGroup } from "./checkbox-group.tsx";
import { joinList, removeAt, replaceAt, splitList } from "./lists.ts";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { StringMatchField } from "./string-match-field.tsx";
import { HTTP_METHODS, type CorsPolicy, type PolicyProps } from "./types.ts";

/** Cross-origin policy answered by the proxy (preflights included). */
export function CorsEditor(props: PolicyProps<CorsPolicy>) {
  const { value, onChange, issues, idPrefix, disabled } = props;
  const id = idPrefix;
  const set = (patch: Partial<CorsPolicy>, key?: string) => value && onChange(patchObject(value, patch), key);
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
    <FeatureEditor {...props} label="Answer CORS requests" make={defaultCors} layout="stack">
      {(value) => (
        <>
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
          <CheckboxGroup
            legend="Allowed methods"
            idPrefix={`${id}-method`}
            options={HTTP_METHODS}
            selected={value.allowMethods}
            onChange={(allowMethods) => set({ allowMethods })}
            disabled={disabled}
          />
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
        </>
      )}
    </FeatureEditor>
  );
}
