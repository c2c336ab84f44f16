"use client";
import { useState } from "react";
import type { ProxyStatus } from "@/lib/core/api/index.ts";
import { formatLabelList, labelListError, parseLabelList } from "@/lib/core/rollout/index.ts";
import { useSetProxyLabels } from "@/lib/client/hooks/use-staged-rollout.ts";

/**
 * A proxy's labels (what staged rollouts select on) and, for editors, the console's own: they override and extend
 * the ones the proxy announces with `--label`.
 */
export function ProxyLabelsCell({ proxy, editable }: { proxy: ProxyStatus; editable: boolean }) {
  const save = useSetProxyLabels();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");
  const error = labelListError(text);
  if (editing)
    return (
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (error) return;
          save.mutate({ id: proxy.id, labels: parseLabelList(text) }, { onSuccess: () => setEditing(false) });
        }}
      >
        <input
          aria-label={`Console labels of ${proxy.id}`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="canary=true,zone=eu-1"
          data-testid="proxy-labels-input"
        />
        <button type="submit" disabled={!!error || save.isPending} data-testid="proxy-labels-save">
          Save
        </button>
        <button type="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
        {error || save.error ? (
          <span className="text-bad small" role="alert">
            {error ?? save.error?.message}
          </span>
        ) : null}
      </form>
    );
  return (
    <span className="proxy-labels" data-testid="proxy-labels">
      {Object.keys(proxy.labels).length === 0 ? (
        <span className="muted">—</span>
      ) : (
        Object.entries(proxy.labels).map(([k, v]) => (
          <code key={k} className="label-chip" title={k in proxy.consoleLabels ? "set in the console" : undefined}>
            {k}={v}
          </code>
        ))
      )}
      {editable ? (
        <button
          type="button"
          className="small"
          onClick={() => {
            setText(formatLabelList(proxy.consoleLabels));
            setEditing(true);
          }}
          data-testid="proxy-labels-edit"
        >
          edit
        </button>
      ) : null}
    </span>
  );
}
