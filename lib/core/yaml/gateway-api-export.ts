import type { Gateway, Listener, MeshConfig, Route } from "../model/index.ts";
import { gatewayRule, type RefNamespace, type Unsupported } from "./gateway-api-export-rules.ts";
import { referenceGrantObject } from "./gateway-api-reference-grant.ts";
import { GATEWAY_CLASS } from "./gateway-api-shared.ts";
import { gatewayApiTlsOut } from "./tls-export.ts";
import { gatewayFrontendOut } from "./frontend-validation.ts";
import { renderDocuments, versionHeader, type K8sObject } from "./render.ts";
import type { ExportOptions } from "./istio-export.ts";

export type { Unsupported } from "./gateway-api-export-rules.ts";

export interface GatewayApiExport {
  yaml: string;
  /** What the mesh says that Gateway API cannot: each with the path into the MeshConfig. */
  unsupported: Unsupported[];
}

const byName = <T extends { name: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * A listener's allowedRoutes as Gateway API writes it: left out for the spec's default (Same, any kind). Without
 * allowedRoutes a Signalbox listener takes routes of any namespace (Istio's servers, the editor's gateways), which
 * Gateway API must be told (`from: All`) when a route of another namespace is bound to the gateway.
 */
function allowedRoutesOut(l: Listener, otherNamespaceRoutes: boolean): object | undefined {
  const a = l.allowedRoutes;
  if (!a) return otherNamespaceRoutes ? { namespaces: { from: "All" } } : undefined;
  if (a.from === "Same" && !a.kinds) return undefined;
  const selector = a.selector && {
    matchLabels: Object.keys(a.selector.matchLabels).length > 0 ? a.selector.matchLabels : undefined,
    matchExpressions: a.selector.matchExpressions.length > 0 ? a.selector.matchExpressions : undefined,
  };
  return {
    namespaces: { from: a.from, selector },
    kinds: a.kinds?.map((k) => {
      const slash = k.lastIndexOf("/");
      return slash < 0 ? { kind: k } : { group: k.slice(0, slash), kind: k.slice(slash + 1) };
    }),
  };
}

/** A Gateway API listener has one hostname: a listener with several hosts becomes one per host on the same port. */
function gateway(gw: Gateway, namespace: string, otherNamespaceRoutes: boolean): K8sObject {
  const listeners = [...gw.listeners]
    .sort((a, b) => a.port - b.port || (a.name < b.name ? -1 : 1))
    .flatMap((l) =>
      [...l.hosts].sort().map((host, i) => ({
        name: i === 0 ? l.name : `${l.name}-${i}`,
        hostname: host === "*" ? undefined : host,
        port: l.port,
        protocol: l.protocol,
        tls: gatewayApiTlsOut(gw, l),
        allowedRoutes: allowedRoutesOut(l, otherNamespaceRoutes),
      })),
    );
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: gw.name, namespace },
    spec: { gatewayClassName: GATEWAY_CLASS, tls: gatewayFrontendOut(gw), listeners },
  };
}

/**
 * Namespaces as exported: an object's own, and for objects in "default" (every object of a mesh without namespaces)
 * the export's `--namespace`, so single-namespace meshes export as before.
 */
const exportNamespace = (o: { namespace?: string }, fallback: string): string => o.namespace ?? fallback;

function httpRoute(
  route: Route,
  r: number,
  ns: {
    of: (o: { namespace?: string }) => string;
    gateway: (name: string) => string;
    service: (name: string) => string;
    isService: (host: string) => boolean;
  },
  out: Unsupported[],
): K8sObject {
  const namespace = ns.of(route);
  const refNamespace: RefNamespace = (service) => {
    const target = ns.service(service);
    return target === namespace ? undefined : target;
  };
  // A mesh-bound route whose hosts are the mesh's services' names: Service parentRefs (GAMMA), which is also how
  // the importer reads such a route back (its hosts are the Services it names).
  const serviceParents = route.gateways.length === 0 && route.hosts.every((h) => ns.isService(h));
  if (route.gateways.length === 0 && !serviceParents)
    out.push({
      path: ["routes", r, "gateways"],
      message: `route ${route.name} is bound to the mesh; Gateway API needs a parentRef (a Gateway, or a Service for GAMMA): add one`,
    });
  const anyHost = route.hosts.includes("*");
  if (route.semantics === "istio" && route.rules.length > 1)
    out.push({
      path: ["routes", r, "semantics"],
      message: `route ${route.name} follows Istio's first-match order; Gateway API orders its rules by precedence (exact path, longest prefix, method, headers, query), which may pick another rule`,
    });
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: route.name, namespace },
    spec: {
      parentRefs: serviceParents
        ? [...route.hosts].sort().map((name) => ({ group: "", kind: "Service", name }))
        : parentRefs(route, (g) => (ns.gateway(g) === namespace ? undefined : ns.gateway(g))),
      // With Service parents the hosts are the services (the importer's reading of a route without hostnames).
      hostnames: anyHost || serviceParents ? undefined : [...route.hosts].sort(),
      rules: route.rules.map((rule, k) => gatewayRule(rule, ["routes", r, "rules", k], out, refNamespace)),
    },
  };
}

/** One parentRef per gateway, or one per listenerRef (sectionName / port) where the route names listeners. */
function parentRefs(route: Route, gatewayNamespace: (name: string) => string | undefined): object[] {
  return [...route.gateways].sort().flatMap((name) => {
    const refs = route.listenerRefs.filter((l) => l.gateway === name);
    const namespace = gatewayNamespace(name);
    return refs.length === 0
      ? [{ name, namespace }]
      : refs.map((l) => ({ name, namespace, sectionName: l.sectionName, port: l.port }));
  });
}

/** Services are not Gateway API objects: say what the user must provide instead. */
function serviceNotes(mesh: MeshConfig, out: Unsupported[]): void {
  mesh.services.forEach((s, i) => {
    if (s.versions.length > 0)
      out.push({
        path: ["services", i, "versions"],
        message: `endpoints of ${s.name} are not exported: create Services ${s.versions.map((v) => `${s.name}-${v.name}`).join(", ")} (port 80) selecting each version`,
      });
    if (s.trafficPolicy)
      out.push({
        path: ["services", i, "trafficPolicy"],
        message: `traffic policy of ${s.name} (load balancing, pools, outlier detection, health checks) has no Gateway API standard field`,
      });
    s.versions.forEach((v, vi) => {
      if (v.tls)
        out.push({
          path: ["services", i, "versions", vi, "tls"],
          message: `upstream TLS of ${s.name} version ${v.name} is not exported (Gateway API's BackendTLSPolicy is not written)`,
        });
    });
  });
}

/**
 * gateway.networking.k8s.io/v1 Gateways and HTTPRoutes, with a report of what cannot be expressed.
 * Routes reference each version as a Service `<service>-<version>` (see README.md).
 */
export function exportGatewayApi(mesh: MeshConfig, opts: ExportOptions = {}): GatewayApiExport {
  const namespace = opts.namespace ?? "default";
  const unsupported: Unsupported[] = [];
  serviceNotes(mesh, unsupported);
  // Gateway API has no access policy of its own: say so rather than drop them (the Istio export carries them).
  mesh.authorizationPolicies.forEach((p, i) =>
    unsupported.push({
      path: ["authorizationPolicies", i],
      message: `AuthorizationPolicy ${p.namespace}/${p.name} is exported with Istio only (security.istio.io)`,
    }),
  );
  mesh.peerAuthentications.forEach((p, i) =>
    unsupported.push({
      path: ["peerAuthentications", i],
      message: `PeerAuthentication ${p.namespace}/${p.name} is exported with Istio only (security.istio.io)`,
    }),
  );
  // Oldest first: re-importing numbers routes in document order, so their precedence ties stay as they were.
  const routes = mesh.routes
    .map((route, r) => ({ route, r }))
    .sort(
      (a, b) =>
        a.route.creationOrder - b.route.creationOrder ||
        (a.route.name < b.route.name ? -1 : a.route.name > b.route.name ? 1 : 0),
    );
  const of = (o: { namespace?: string }) => exportNamespace(o, namespace);
  const gateways = new Map(mesh.gateways.map((g) => [g.name, of(g)] as const));
  const services = new Map(mesh.services.map((s) => [s.name, of(s)] as const));
  const ns = {
    of,
    gateway: (name: string) => gateways.get(name) ?? namespace,
    service: (name: string) => services.get(name) ?? namespace,
    isService: (host: string) => mesh.services.some((s) => s.name === host),
  };
  const crossNamespace = (g: Gateway) => mesh.routes.some((r) => r.gateways.includes(g.name) && of(r) !== of(g));
  const objects = [
    // Namespaces with labels first, as kubectl applies them: listener selectors match their labels.
    ...byName(mesh.namespaces ?? []).map((n): K8sObject => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: n.name, labels: Object.keys(n.labels).length > 0 ? n.labels : undefined },
    })),
    ...byName(mesh.gateways).map((g) => gateway(g, of(g), crossNamespace(g))),
    ...routes.map(({ route, r }) => httpRoute(route, r, ns, unsupported)),
    ...[...mesh.referenceGrants]
      .sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1))
      .map(referenceGrantObject),
  ];
  return { yaml: renderDocuments(objects, versionHeader(opts)), unsupported };
}
