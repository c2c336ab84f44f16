import type { TrafficPolicy } from "../../lib/core/index.ts";
import type { EndpointState } from "./endpoint.ts";

type OutlierPolicy = NonNullable<TrafficPolicy["outlierDetection"]>;

/**
 * Consecutive-5xx ejection (Envoy's outlier detection, the consecutive-errors part). Ejection lasts
 * baseEjectionMs × the endpoint's ejection multiplier, which grows by one per ejection and decays by one
 * per outlier interval spent healthy (sweepOutliers; Envoy's eject-time backoff). An ejection is refused
 * when the ejected share already reached maxEjectionPercent, except that one endpoint may always be
 * ejected (as in Envoy: 0 % ejected is below any positive percentage).
 */
export function recordOutcome(
  ep: EndpointState,
  peers: readonly EndpointState[],
  failed: boolean,
  policy: OutlierPolicy | undefined,
  now: number,
): void {
  if (!failed) {
    ep.consecutive5xx = 0;
    return;
  }
  ep.consecutive5xx++;
  if (!policy || ep.consecutive5xx < policy.consecutiveErrors || ep.isEjected(now)) return;
  let ejected = 0;
  for (const p of peers) if (p.isEjected(now)) ejected++;
  if ((ejected * 100) / peers.length >= policy.maxEjectionPercent) return;
  ep.timesEjected++;
  ep.ejectMultiplier++;
  ep.ejectedUntil = now + policy.baseEjectionMs * ep.ejectMultiplier;
  ep.consecutive5xx = 0;
}

/**
 * The outlier interval tick (Envoy's `interval`), run per cluster every intervalMs: ejections whose time is
 * up end (endpoints also come back lazily at pick time, so traffic never waits for the tick), and an
 * endpoint that stayed in rotation for a whole interval has its ejection multiplier lowered by one.
 * Returns the endpoints un-ejected by this tick.
 */
export function sweepOutliers(endpoints: Iterable<EndpointState>, now: number): EndpointState[] {
  const returned: EndpointState[] = [];
  for (const ep of endpoints) {
    if (ep.ejectedUntil !== 0 && ep.ejectedUntil <= now) {
      ep.ejectedUntil = 0;
      ep.consecutive5xx = 0;
      ep.sweptSinceReturn = false;
      returned.push(ep);
    } else if (ep.ejectedUntil === 0 && ep.ejectMultiplier > 0) {
      // The first tick after a return only marks the start of a full healthy interval.
      if (ep.sweptSinceReturn) ep.ejectMultiplier--;
      ep.sweptSinceReturn = true;
    }
  }
  return returned;
}
