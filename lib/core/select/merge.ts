import type { MeshConfig, Service, Version } from "../model/index.ts";

const byName = <T extends { name: string }>(
  base: readonly T[],
  incoming: readonly T[],
  merge: (a: T, b: T) => T = (_a, b) => b,
): T[] => {
  const incomingByName = new Map(incoming.map((x) => [x.name, x]));
  const baseNames = new Set(base.map((x) => x.name));
  const merged = base.map((x) => {
    const other = incomingByName.get(x.name);
    return other ? merge(x, other) : x;
  });
  return [...merged, ...incoming.filter((x) => !baseNames.has(x.name))];
};

/**
 * An imported version without endpoints (a DestinationRule subset says nothing of pods) keeps the ones we have;
 * one without labels (a subset a VirtualService only names, with no DestinationRule in the import) keeps ours
 * too. To clear a version's labels, import in replace mode.
 */
const mergeVersion = (have: Version, got: Version): Version => ({
  ...got,
  labels: Object.keys(got.labels).length > 0 ? got.labels : have.labels,
  endpoints: got.endpoints.length > 0 ? got.endpoints : have.endpoints,
});

/**
 * Istio YAML often names a service by its short host (`reviews`) where the registry has the full one
 * (`reviews.default.svc.cluster.local`); that is the same service, and the registry's host is kept.
 */
function mergeService(have: Service, got: Service): Service {
  const sameShortHost = !got.host.includes(".") && have.host.startsWith(`${got.host}.`);
  return {
    ...have,
    host: sameShortHost ? have.host : got.host,
    description: got.description || have.description,
    external: got.external,
    trafficPolicy: got.trafficPolicy ?? have.trafficPolicy,
    versions: byName(have.versions, got.versions, mergeVersion),
  };
}

/**
 * The imported rules win; hosts are kept too, so `hosts: [reviews]` does not cut off `reviews.demo`. A replaced
 * route keeps its age (creationOrder), as a Kubernetes object keeps its creationTimestamp when it is updated.
 */
const mergeRoute = <R extends { hosts: string[]; creationOrder: number }>(have: R, got: R): R => ({
  ...got,
  creationOrder: have.creationOrder,
  hosts: [...have.hosts, ...got.hosts.filter((h) => !have.hosts.includes(h))],
});

/** Imported routes are younger than every route of the base, in their import order. */
function afterBase(base: MeshConfig, incoming: MeshConfig): MeshConfig["routes"] {
  const next = base.routes.reduce((max, r) => Math.max(max, r.creationOrder + 1), 0);
  return incoming.routes.map((r) => ({ ...r, creationOrder: next + r.creationOrder }));
}

function byPolicyKey<T extends { name: string; namespace: string }>(base: T[], incoming: T[]): T[] {
  const out = new Map(base.map((p) => [`${p.namespace}/${p.name}`, p] as const));
  for (const p of incoming) out.set(`${p.namespace}/${p.name}`, p);
  return [...out.values()];
}

/**
 * Merge semantics of an import: a route's rules and a gateway's listeners replace the same-named
 * ones (they are the point of the YAML), a route's hosts add up; services merge, so a VirtualService
 * or DestinationRule that mentions a service adds or updates versions without dropping the versions
 * and endpoints it does not mention. Use replace mode to make the import the whole config.
 */
export function mergeMesh(base: MeshConfig, incoming: MeshConfig): MeshConfig {
  return {
    services: byName(base.services, incoming.services, mergeService),
    gateways: byName(base.gateways, incoming.gateways),
    routes: byName(base.routes, afterBase(base, incoming), mergeRoute),
    // A policy is identified by namespace and name; an imported one replaces the same-named one whole.
    authorizationPolicies: byPolicyKey(base.authorizationPolicies, incoming.authorizationPolicies),
    peerAuthentications: byPolicyKey(base.peerAuthentications, incoming.peerAuthentications),
    referenceGrants: byPolicyKey(base.referenceGrants, incoming.referenceGrants),
  };
}
