"use client";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { relativeIssues } from "@/components/draft/issues.ts";
import { defaultHeaderOps } from "./defaults.ts";
import { FeatureEditor } from "./feature-editor.tsx";
import { KeyValueRows } from "./key-value-rows.tsx";
import { joinList, splitList } from "./lists.ts";
import { PolicyIssues } from "./policy-issues.tsx";
import styles from "./policy.module.css";
import type { HeaderOps, PolicyProps } from "./types.ts";

type Props = PolicyProps<HeaderOps> & { direction: "request" | "response" };

/** Set (replace), add (append) and remove headers on the request to the upstream or the response to the client. */
export function HeaderOpsEditor({ direction, ...props }: Props) {
  const { value, onChange, issues, idPrefix, disabled } = props;
  const id = idPrefix;
  const noun = direction === "request" ? "request" : "response";
  const set = (patch: Partial<HeaderOps>, key?: string) => value && onChange({ ...value, ...patch }, key);
  const remove = value ? joinList(value.remove) : "";
  return (
    <FeatureEditor {...props} label={`Modify ${noun} headers`} make={defaultHeaderOps} layout="stack">
      {(value) => (
        <>
          <KeyValueRows
            id={`${id}-set`}
            legend="Set (replace)"
            addLabel="Add header to set"
            value={value.set}
            onChange={(rec, k) => set({ set: rec }, k)}
            issues={relativeIssues(issues, ["set"])}
            disabled={disabled}
          />
          <KeyValueRows
            id={`${id}-add`}
            legend="Add (append)"
            addLabel="Add header to append"
            value={value.add}
            onChange={(rec, k) => set({ add: rec }, k)}
            issues={relativeIssues(issues, ["add"])}
            disabled={disabled}
          />
          <div className={`${styles.field} ${styles.wide}`}>
            <label htmlFor={`${id}-remove`}>Remove (comma-separated names)</label>
            <CommitInput
              key={remove}
              id={`${id}-remove`}
              data-testid={`${id}-remove`}
              value={remove}
              placeholder="none"
              disabled={disabled}
              onCommit={(t) => set({ remove: splitList(t) })}
            />
            <PolicyIssues issues={issues} path={["remove"]} id={`${id}-remove-issues`} />
          </div>
        </>
      )}
    </FeatureEditor>
  );
}
