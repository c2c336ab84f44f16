import type { Gateway, Listener, ListenerRef, Route } from "../model/index.ts";

/** Whether `host` (exact or `*.suffix`) lies inside the wildcard `*.suffix` `wildcard` (at least one more label). */
function within(host: string, wildcard: string): boolean {
  const suffix = wildcard.slice(1); // ".suffix"
  return host.length > suffix.length && host.endsWith(suffix);
}

/**
 * The hostname a route serves through a listener (Gateway API, HTTPRoute `hostnames` against the listener's
 * `hostname`): the more specific of the two when one covers the other, else null (no intersection). `*` is any host.
 */
export function intersectHost(route: string, listener: string): string | null {
  const r = route.toLowerCase();
  const l = listener.toLowerCase();
  if (l === "*") return r;
  if (r === "*") return l;
  if (r === l) return r;
  const rWild = r.startsWith("*.");
  const lWild = l.startsWith("*.");
  if (lWild && within(r, l)) return r;
  if (rWild && within(l, r)) return l;
  return null;
}

/** Whether a listenerRef selects the listener: by `sectionName` (its name) and/or `port`, both when both are set. */
export const refSelects = (ref: ListenerRef, l: Listener): boolean =>
  (ref.sectionName === undefined || ref.sectionName === l.name) && (ref.port === undefined || ref.port === l.port);

/** The listeners of `gateway` a route attaches through: all, or those its listenerRefs name (sectionName, port). */
export function attachedListeners(route: Route, gateway: Gateway): Listener[] {
  const refs = route.listenerRefs.filter((r) => r.gateway === gateway.name);
  if (refs.length === 0) return gateway.listeners;
  return gateway.listeners.filter((l) => refs.some((r) => refSelects(r, l)));
}

/** The hosts a route serves on a gateway: its hostnames intersected with every listener it attaches through. */
export function hostsOnGateway(route: Route, gateway: Gateway | undefined): string[] {
  if (!gateway) return route.hosts.map((h) => h.toLowerCase());
  const out = new Set<string>();
  for (const l of attachedListeners(route, gateway))
    for (const lh of l.hosts)
      for (const rh of route.hosts) {
        const h = intersectHost(rh, lh);
        if (h !== null) out.add(h);
      }
  return [...out];
}
