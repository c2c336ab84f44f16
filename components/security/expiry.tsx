import { Time } from "@/components/ui/time.tsx";

const WARN_MS = 7 * 86_400_000;

/** An expiry date, flagged when it is less than a week away or past. */
export function Expiry({ iso, now }: { iso: string; now: number }) {
  const left = Date.parse(iso) - now;
  const state = left <= 0 ? "expired" : left < WARN_MS ? "soon" : "ok";
  return (
    <span className={state === "ok" ? undefined : "text-bad"} data-testid="expiry" data-state={state}>
      <Time iso={iso} />
      {state === "expired" ? " (expired)" : state === "soon" ? ` (in ${Math.ceil(left / 86_400_000)} d)` : null}
    </span>
  );
}
