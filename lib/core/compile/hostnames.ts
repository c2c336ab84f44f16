import {
  namespaceOf,
  selectorMatches,
  type Gateway,
  type Listener,
  type ListenerRef,
  type NamespaceLabels,
  type Route,
} from "../model/index.ts";

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

/** The listeners of `gateway` a route's parentRefs name: all, or those its listenerRefs select (sectionName, port). */
export function referencedListeners(route: Route, gateway: Gateway): Listener[] {
  const refs = route.listenerRefs.filter((r) => r.gateway === gateway.name);
  if (refs.length === 0) return gateway.listeners;
  return gateway.listeners.filter((l) => refs.some((r) => refSelects(r, l)));
}

export const NAME_LABEL = "kubernetes.io/metadata.name";

/** A namespace's labels as selectors see them: the mesh's for it, and its name, which Kubernetes always sets. */
export const selectorLabels = (namespaces: readonly NamespaceLabels[], ns: string): Record<string, string> => ({
  [NAME_LABEL]: ns,
  ...namespaces.find((n) => n.name === ns)?.labels,
});

/** The kind a listener's allowedRoutes.kinds names a route by. */
export const routeKind = (route: Route): string => (route.semantics === "gateway-api" ? "HTTPRoute" : "VirtualService");

/**
 * Whether a listener's allowedRoutes lets the route attach: its namespace (Same as the gateway's, All, or one whose
 * labels match the selector: its imported labels and `kubernetes.io/metadata.name`, which Kubernetes always sets) and its kind.
 */
export function listenerAllows(
  listener: Listener,
  gateway: Gateway,
  route: Route,
  namespaces: readonly NamespaceLabels[] = [],
): boolean {
  const allowed = listener.allowedRoutes;
  if (!allowed) return true;
  if (allowed.kinds && allowed.kinds.length > 0 && !allowed.kinds.includes(routeKind(route))) return false;
  const ns = namespaceOf(route);
  if (allowed.from === "All") return true;
  if (allowed.from === "Same") return ns === namespaceOf(gateway);
  return selectorMatches(allowed.selector ?? { matchLabels: {}, matchExpressions: [] }, selectorLabels(namespaces, ns));
}

/**
 * The listeners of `gateway` a route attaches through: those its parentRefs name (all, or by sectionName and port)
 * whose allowedRoutes let it (namespace, kind). `namespaces`: the mesh's namespace labels, for selectors.
 */
export function attachedListeners(
  route: Route,
  gateway: Gateway,
  namespaces: readonly NamespaceLabels[] = [],
): Listener[] {
  return referencedListeners(route, gateway).filter((l) => listenerAllows(l, gateway, route, namespaces));
}

/** The hosts a route serves on a gateway: its hostnames intersected with every listener it attaches through. */
export function hostsOnGateway(
  route: Route,
  gateway: Gateway | undefined,
  namespaces: readonly NamespaceLabels[] = [],
): string[] {
  if (!gateway) return route.hosts.map((h) => h.toLowerCase());
  const out = new Set<string>();
  for (const l of attachedListeners(route, gateway, namespaces))
    for (const lh of l.hosts)
      for (const rh of route.hosts) {
        const h = intersectHost(rh, lh);
        if (h !== null) out.add(h);
      }
  return [...out];
}

/**
 * How specific a listener hostname is, for picking the listener a request's host belongs to: an exact hostname beats
 * every wildcard, a longer `*.suffix` beats a shorter one, and `*` (no hostname) comes last.
 */
export function hostnameSpecificity(hostname: string): number {
  const h = hostname.toLowerCase();
  if (h === "*") return 0;
  return h.startsWith("*.") ? h.length : Number.MAX_SAFE_INTEGER;
}

/** Whether every host `inner` names is also one `outer` names (`*` is any host). */
export const covers = (outer: string, inner: string): boolean => intersectHost(inner, outer) === inner.toLowerCase();

/**
 * Gateway API listener isolation: a request goes to the most specific listener of its port whose hostname matches its
 * host, and only routes attached to that listener may serve it. So a host `host` that a route serves through a
 * listener hostname `through` on `port` is `shadowed` when a more specific listener hostname of that port covers all
 * of it (the route never serves it there), and the more specific hostnames it only partly covers are `carved` out: a
 * proxy must find them (with their own routes, or none: 404) before falling back to `host`.
 */
export function isolation(
  gateway: Gateway,
  port: number,
  through: string,
  host: string,
): { shadowed: boolean; carved: string[] } {
  const rank = hostnameSpecificity(through);
  const closer = gateway.listeners
    .filter((l) => l.port === port)
    .flatMap((l) => l.hosts.map((h) => h.toLowerCase()))
    .filter((h) => hostnameSpecificity(h) > rank && h !== through.toLowerCase());
  if (closer.some((h) => covers(h, host))) return { shadowed: true, carved: [] };
  return { shadowed: false, carved: [...new Set(closer.filter((h) => h !== host && covers(host, h)))] };
}
