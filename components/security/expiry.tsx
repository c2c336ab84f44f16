import { Time } from "@/components/ui/time.tsx";

const DAY_MS = 86_400_000;

function remaining(ms: number): string {
  return ms >= DAY_MS ? `in ${Math.floor(ms / DAY_MS)} d` : `in ${Math.max(1, Math.floor(ms / 3_600_000))} h`;
}

/**
 * An expiry date, flagged when it is past or nearer than `warnWithinMs` (default a week: uploaded and issued
 * certificates). Short-lived proxy certificates pass a quarter of their lifetime: they renew at half, so one that
 * close to its end missed its renewal.
 */
export function Expiry({ iso, now, warnWithinMs = 7 * DAY_MS }: { iso: string; now: number; warnWithinMs?: number }) {
  const left = Date.parse(iso) - now;
  const state = left <= 0 ? "expired" : left < warnWithinMs ? "soon" : "ok";
  return (
    <span className={state === "ok" ? undefined : "text-bad"} data-testid="expiry" data-state={state}>
      <Time iso={iso} />
      {state === "expired" ? " (expired)" : state === "soon" ? ` (${remaining(left)})` : null}
    </span>
  );
}
