"use client";
import { useState } from "react";

/**
 * "Revoke", then "Confirm revoke" / "Cancel": one shape for every credential a table lists (API tokens, proxy
 * credentials); a revoked one shows a dash.
 */
export function RevokeButton({
  revoked,
  ariaLabel,
  testIds,
  pending,
  error,
  onConfirm,
}: {
  revoked: boolean;
  ariaLabel: string;
  testIds: { ask: string; confirm: string };
  pending: boolean;
  error: Error | null;
  onConfirm: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (revoked) return <span className="muted">—</span>;
  if (!confirming)
    return (
      <button
        type="button"
        className="danger small"
        onClick={() => setConfirming(true)}
        data-testid={testIds.ask}
        aria-label={ariaLabel}
      >
        Revoke
      </button>
    );
  return (
    <span className="button-group">
      <button
        type="button"
        className="danger small"
        disabled={pending}
        onClick={onConfirm}
        data-testid={testIds.confirm}
      >
        {pending ? "Revoking…" : "Confirm revoke"}
      </button>
      <button type="button" className="small" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error ? <span className="text-bad small">{error.message}</span> : null}
    </span>
  );
}
