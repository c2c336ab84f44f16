"use client";
import { patchObject } from "@/lib/core/draft/index.ts";
import { defaultRedirect } from "./defaults.ts";
import { FeatureEditor } from "./feature-editor.tsx";
import { NumberField } from "./number-field.tsx";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import { unchangedTextFields } from "./text-field.tsx";
import type { PolicyProps, Redirect } from "./types.ts";

const CODES = [301, 302, 303, 307, 308];

/** Answers with a redirect instead of forwarding; unset parts keep the request's own. */
export function RedirectEditor(props: PolicyProps<Redirect>) {
  const { value, onChange, issues, idPrefix, disabled } = props;
  const set = (patch: Partial<Redirect>, key?: string) => value && onChange(patchObject(value, patch), key);
  const id = idPrefix;
  return (
    <FeatureEditor {...props} label="Redirect instead of forwarding" make={defaultRedirect}>
      {(value) => {
        const text = unchangedTextFields(value, set, props);
        return (
          <>
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
            {text("authority", "Host (authority)", "authority")}
            {text("uri", "Path (URI)", "uri")}
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
          </>
        );
      }}
    </FeatureEditor>
  );
}
