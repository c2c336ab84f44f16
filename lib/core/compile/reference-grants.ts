import {
  GATEWAY_API_GROUP,
  namespaceOf,
  type MeshConfig,
  type ReferenceGrant,
  type Route,
  type RouteRule,
  type Service,
} from "../model/index.ts";
import { NO_BACKEND_RESPONSE } from "../yaml/gateway-api-shared.ts";

/** A version routed without a subset (lib/core/yaml: a backendRef name without `-`). */
const NO_SUBSET_VERSION = "default";

/**
 * The Kubernetes Service names a destination stands for, by the import's convention (`<service>-<version>`, or the
 * service alone for its unnamed version); a grant's `to.name` matches one of them.
 */
function kubernetesNames(service: Service, version: string): string[] {
  const names = new Set([service.name, service.host.split(".")[0]!]);
  return [...names].flatMap((n) => (version === NO_SUBSET_VERSION ? [n, `${n}-${version}`] : [`${n}-${version}`]));
}

/**
 * Gateway API's rule: a route may refer to a Service in another namespace only when a ReferenceGrant in that
 * namespace lets HTTPRoutes of the route's namespace refer to Services (all, or this one by name). Istio routes
 * have no such rule (a VirtualService reaches any host), and same-namespace references need no grant.
 */
export function backendRefGranted(
  route: Route,
  service: Service,
  version: string,
  grants: readonly ReferenceGrant[],
): boolean {
  const from = namespaceOf(route);
  const to = namespaceOf(service);
  if (route.semantics !== "gateway-api" || from === to) return true;
  const names = kubernetesNames(service, version);
  return grants.some(
    (g) =>
      g.namespace === to &&
      g.from.some((f) => f.group === GATEWAY_API_GROUP && f.kind === "HTTPRoute" && f.namespace === from) &&
      g.to.some((t) => t.group === "" && t.kind === "Service" && (t.name === undefined || names.includes(t.name))),
  );
}

/** The destinations and mirrors of a rule a route may reach; a rule left with no backend answers 500. */
function resolveRule(rule: RouteRule, allowed: (service: string, version: string) => boolean): RouteRule {
  const destinations = rule.destinations.filter((d) => allowed(d.service, d.version));
  const mirror = rule.mirror && allowed(rule.mirror.service, rule.mirror.version) ? rule.mirror : undefined;
  const extraMirrors = rule.extraMirrors?.filter((m) => allowed(m.service, m.version));
  const lostAll = rule.destinations.length > 0 && destinations.length === 0;
  // Unchanged rules stay the same object: the compile cache and hashes see the mesh as written.
  if (
    destinations.length === rule.destinations.length &&
    mirror === rule.mirror &&
    extraMirrors?.length === rule.extraMirrors?.length
  )
    return rule;
  return {
    ...rule,
    destinations,
    mirror,
    extraMirrors: extraMirrors && extraMirrors.length > 0 ? extraMirrors : undefined,
    directResponse: lostAll ? NO_BACKEND_RESPONSE : rule.directResponse,
  };
}

/**
 * The routes as the proxy must serve them: a gateway-api route's backendRefs into other namespaces that no
 * ReferenceGrant allows are left out (ResolvedRefs false; validation warns, SB308), their share going to the rule's
 * other backends, and a rule left with none answers 500, as the spec says for an invalid backendRef.
 */
export function resolveReferenceGrants(mesh: MeshConfig): Route[] {
  const services = new Map(mesh.services.map((s) => [s.name, s] as const));
  return mesh.routes.map((route) => {
    if (route.semantics !== "gateway-api") return route;
    const allowed = (service: string, version: string) => {
      const svc = services.get(service);
      return svc === undefined || backendRefGranted(route, svc, version, mesh.referenceGrants);
    };
    const rules = route.rules.map((r) => resolveRule(r, allowed));
    return rules.every((r, i) => r === route.rules[i]) ? route : { ...route, rules };
  });
}
