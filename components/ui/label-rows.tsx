"use client";
import { useState } from "react";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import { labelKeyFree } from "@/lib/core/draft/index.ts";
import type { Path } from "@/components/draft/issues.ts";
import { CommitInput } from "./commit-input.tsx";
import { FieldIssues } from "./field-issues.tsx";

interface Props {
  /** Prefix of the inputs' ids and test ids. */
  id: string;
  labels: Readonly<Record<string, string>>;
  /** Sets `key` to `value`, renaming `from` (a draft command; see putLabel). */
  onPut: (key: string, value: string, from: string) => void;
  onDrop: (key: string) => void;
  readOnly: boolean;
  issues: readonly ApiIssue[];
  /** Where the record is in the mesh: an issue at `[...path, key]` shows at that row. */
  path: Path;
  /** What a row is, for the accessible names ("label", "match label"). */
  noun?: string;
  empty?: string;
}

/**
 * key=value rows of a label record: each row's key and value commit on blur or Enter, Remove drops it, and the
 * last row adds one. A key another row has is refused here (the command would not overwrite it), with the reason.
 */
export function LabelRows({ id, labels, onPut, onDrop, readOnly, issues, path, noun = "label", empty }: Props) {
  const [newKey, setNewKey] = useState("");
  const [newValue, setNewValue] = useState("");
  const [taken, setTaken] = useState<string | null>(null);
  const entries = Object.entries(labels);
  const add = () => {
    const key = newKey.trim();
    if (key === "") return;
    if (!labelKeyFree(labels, key)) return setTaken(key);
    onPut(key, newValue.trim(), key);
    setNewKey("");
    setNewValue("");
    setTaken(null);
  };
  const rename = (from: string, to: string) => {
    const key = to.trim();
    if (key === "" || key === from) return;
    if (!labelKeyFree(labels, key, from)) return setTaken(key);
    setTaken(null);
    onPut(key, labels[from] ?? "", from);
  };
  return (
    <div className="label-rows" data-testid={`${id}-labels`}>
      {entries.length === 0 && empty ? <p className="muted small">{empty}</p> : null}
      {entries.map(([k, v]) => (
        <div className="label-row" key={k} data-testid={`${id}-label-${k}`}>
          <CommitInput
            key={`k-${k}`}
            aria-label={`${noun} key ${k}`}
            value={k}
            disabled={readOnly}
            onCommit={(t) => rename(k, t)}
          />
          <span aria-hidden>=</span>
          <CommitInput
            key={`v-${k}-${v}`}
            aria-label={`${noun} value of ${k}`}
            value={v}
            disabled={readOnly}
            onCommit={(t) => onPut(k, t.trim(), k)}
          />
          {readOnly ? null : (
            <button type="button" className="small" aria-label={`Remove ${noun} ${k}`} onClick={() => onDrop(k)}>
              Remove
            </button>
          )}
          <FieldIssues issues={issues} path={[...path, k]} className="label-row-issues" />
        </div>
      ))}
      {readOnly ? null : (
        <div className="label-row label-row-new">
          <input
            aria-label={`New ${noun} key`}
            placeholder="key"
            value={newKey}
            onChange={(e) => setNewKey(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), add())}
          />
          <span aria-hidden>=</span>
          <input
            aria-label={`New ${noun} value`}
            placeholder="value"
            value={newValue}
            onChange={(e) => setNewValue(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), add())}
          />
          <button
            type="button"
            className="small"
            disabled={newKey.trim() === ""}
            onClick={add}
            data-testid={`${id}-add-label`}
          >
            Add {noun}
          </button>
        </div>
      )}
      {taken !== null ? (
        <p className="field-issues issue-error small" role="alert">
          {`"${taken}" is already set: edit its row`}
        </p>
      ) : null}
    </div>
  );
}
