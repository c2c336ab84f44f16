const TONES: Record<string, string> = {
  DRAFT: "neutral",
  PENDING: "warn",
  APPROVED: "info",
  REJECTED: "bad",
  ROLLED_OUT: "good",
  DISCARDED: "neutral",
  synced: "good",
  syncing: "info",
  stale: "warn",
  rejected: "bad",
  offline: "neutral",
  pending: "info",
  healthy: "good",
  ejected: "warn",
  unhealthy: "bad",
  added: "good",
  removed: "bad",
  changed: "info",
  active: "good",
  trusted: "info",
  retired: "neutral",
  expired: "bad",
  valid: "good",
  revoked: "bad",
  used: "neutral",
  uploaded: "neutral",
  issued: "info",
  passing: "good",
  warning: "warn",
  critical: "bad",
  BAKING: "info",
  STALLED: "bad",
  COMPLETED: "good",
  ABORTED: "neutral",
  RUNNING: "info",
  PAUSED: "warn",
  PROMOTED: "good",
  ROLLED_BACK: "bad",
  baking: "info",
  stalled: "bad",
  done: "good",
  waiting: "neutral",
  aborted: "neutral",
};

/** A status pill; the tone follows the value. */
export function Badge({ value, testId, label }: { value: string; testId?: string; label?: string }) {
  return (
    <span className={`badge tone-${TONES[value] ?? "neutral"}`} data-testid={testId} data-value={value}>
      {label ?? value.replace("_", " ")}
    </span>
  );
}
