import { namespaceField, type Endpoint, type MeshConfig, type Route } from "../model/index.ts";
import { contentHash, contentHashNative } from "../snapshot/hash.ts";
import type { Cluster, Snapshot, SnapshotConfig, VirtualHost } from "../snapshot/schema.ts";
import type { CompileCache } from "./compile-cache.ts";
import { compileAuthorization } from "./authorization.ts";
import { compileMtls } from "./peer-authentication.ts";
import { clusterName, compileRule } from "./compile-rule.ts";
import { attachedListeners, intersectHost, isolation } from "./hostnames.ts";
import { clusterPort, clusterPorts, endpointsForPort, policyForPort, withVersionTls } from "./port-policy.ts";
import { effectiveOrder } from "./precedence.ts";
import { resolveReferenceGrants } from "./reference-grants.ts";
import { cmp, sortBy, sortedSet } from "./sort.ts";

/** One cluster per service version; endpoints sorted because their order means nothing to the LB. */
function compileClusters(mesh: MeshConfig, cache?: CompileCache): Cluster[] {
  const clusters = mesh.services.flatMap((svc) => cached(cache, svc, () => serviceClusters(svc)));
  return sortBy(clusters, (c) => c.name);
}

const cached = (cache: CompileCache | undefined, svc: MeshConfig["services"][number], compile: () => Cluster[]) =>
  cache ? cache.serviceClusters(JSON.stringify(svc), compile) : compile();

function serviceClusters(svc: MeshConfig["services"][number]): Cluster[] {
  return svc.versions.map((ver) => {
    const port = clusterPort(svc, ver);
    const trafficPolicy = withVersionTls(policyForPort(svc.trafficPolicy, port), ver);
    // The only service port's endpoint numbers; with several, each endpoint's own (a destination naming none).
    const only = svc.ports.length === 1 ? svc.ports[0] : undefined;
    const endpoints = sortEndpoints(endpointsForPort(ver.endpoints, only));
    const byPort = clusterPorts(svc, ver, { endpoints, trafficPolicy }, sortEndpoints);
    return {
      name: clusterName(svc.name, ver.name),
      service: svc.name,
      version: ver.name,
      host: svc.host,
      // The service's namespace names its sidecars' identity (auto mTLS); absent for "default" (hash kept).
      ...namespaceField(svc.namespace),
      endpoints,
      trafficPolicy,
      // Absent without ports: snapshots of meshes that name none keep their hash.
      ...(svc.ports.length > 0 ? { ports: svc.ports } : {}),
      ...(byPort.length > 0 ? { byPort } : {}),
    };
  });
}

/** Endpoints sorted because their order means nothing to the LB. */
const sortEndpoints = (eps: Endpoint[]): Endpoint[] =>
  eps.sort((a, b) => cmp(a.address, b.address) || a.port - b.port || a.weight - b.weight);

function compileListeners(mesh: MeshConfig): SnapshotConfig["listeners"] {
  const listeners = mesh.gateways.flatMap((gw) =>
    gw.listeners.map((l) => ({ ...l, hosts: sortedSet(l.hosts), gateway: gw.name })),
  );
  return listeners.sort((a, b) => cmp(a.gateway, b.gateway) || a.port - b.port || cmp(a.name, b.name));
}

/** The routes serving one host on one binding ("" for the mesh, else a gateway), on some or all of its ports. */
export interface HostRoutes {
  gateway: string;
  host: string;
  /** The gateway listener ports this group serves; absent: every port (and always for the mesh). */
  ports?: number[];
  routes: Route[];
}

/**
 * Routes grouped by what a proxy looks up: binding ("" for the mesh, else a gateway), host (lower-case) and, where
 * routes attach to some listeners only (parentRef sectionName or port), listener port. On a gateway a route's hosts
 * are intersected with the hostnames of the listeners it attaches through (hostnames.ts): a route whose hostnames
 * match no listener serves nothing there, and listener isolation applies (hostnames.ts `isolation`): a host a more
 * specific listener of the port covers is served only by that listener's routes, and may have none (an empty group,
 * answered 404). A host whose routes are the same on every port of its gateway gets one
 * group without ports (the common case, and what every proxy serves on any port); otherwise one group per distinct
 * route list, with the ports it applies to, and ports where no route serves the host answer 404 for it.
 */
export function routesByHost(mesh: MeshConfig): Map<string, HostRoutes> {
  const groups = new Map<string, HostRoutes>();
  const gateways = new Map(mesh.gateways.map((g) => [g.name, g] as const));
  /** gateway → host → port → routes, in mesh order. */
  const onPorts = new Map<string, Map<string, Map<number, Route[]>>>();
  for (const route of mesh.routes) {
    if (route.gateways.length === 0) {
      for (const host of sortedSet(route.hosts.map((h) => h.toLowerCase()))) {
        const key = `\u0000${host}`;
        const group = groups.get(key) ?? { gateway: "", host, routes: [] };
        group.routes.push(route);
        groups.set(key, group);
      }
      continue;
    }
    for (const name of sortedSet(route.gateways)) {
      const gateway = gateways.get(name);
      // A gateway the mesh does not define (refused by validation): its hosts as written, on every port.
      const listeners = gateway ? attachedListeners(route, gateway, mesh.namespaces) : [{ port: 0, hosts: ["*"] }];
      const hosts = onPorts.get(name) ?? new Map<string, Map<number, Route[]>>();
      onPorts.set(name, hosts);
      /** The route list of a host on a port, created empty (a host the port answers 404 for) when absent. */
      const listOn = (host: string, port: number): Route[] => {
        const ports = hosts.get(host) ?? new Map<number, Route[]>();
        hosts.set(host, ports);
        const list = ports.get(port) ?? [];
        ports.set(port, list);
        return list;
      };
      for (const l of listeners)
        for (const lh of l.hosts)
          for (const rh of route.hosts) {
            const host = intersectHost(rh, lh);
            if (host === null) continue;
            const { shadowed, carved } = gateway
              ? isolation(gateway, l.port, lh, host)
              : { shadowed: false, carved: [] };
            if (shadowed) continue;
            for (const c of carved) listOn(c, l.port);
            const list = listOn(host, l.port);
            if (list[list.length - 1] !== route) list.push(route);
          }
    }
  }
  for (const [gateway, hosts] of [...onPorts].sort(([a], [b]) => cmp(a, b))) {
    const allPorts = [...new Set((gateways.get(gateway)?.listeners ?? [{ port: 0 }]).map((l) => l.port))].sort(
      (a, b) => a - b,
    );
    for (const [host, ports] of [...hosts].sort(([a], [b]) => cmp(a, b))) {
      const byList = new Map<string, { ports: number[]; routes: Route[] }>();
      for (const port of allPorts) {
        const routes = ports.get(port) ?? [];
        // An empty list that listener isolation put there is kept: it answers 404 where a wildcard host would not.
        const sig =
          ports.has(port) && routes.length === 0 ? "\u0001isolated" : routes.map((r) => r.name).join("\u0000");
        const same = byList.get(sig) ?? { ports: [], routes };
        same.ports.push(port);
        byList.set(sig, same);
      }
      const lists = [...byList.values()];
      if (lists.length === 1) {
        groups.set(`${gateway}\u0000${host}`, { gateway, host, routes: lists[0]!.routes });
        continue;
      }
      for (const { ports: served, routes } of lists)
        if (routes.length > 0 || served.some((p) => ports.has(p)))
          groups.set(`${gateway}\u0000${host}\u0000${served.join(",")}`, { gateway, host, ports: served, routes });
    }
  }
  return groups;
}

/**
 * One virtual host per binding and host, holding the effective rule list of every route serving it (merged and
 * ordered by the routes' semantics, precedence.ts). The proxy then only walks one list per request.
 */
function compileVirtualHosts(mesh: MeshConfig, cache?: CompileCache): VirtualHost[] {
  // A route's JSON once per compile, however many hosts it serves.
  const routeKeys = new Map<Route, string>();
  const routeKey = (r: Route) => routeKeys.get(r) ?? routeKeys.set(r, JSON.stringify(r)).get(r)!;
  const hosts = [...routesByHost(mesh).values()].map(({ gateway, host, ports, routes }) => {
    const compile = () => compileVirtualHost(gateway, host, ports, routes);
    if (!cache) return compile();
    const content = routes.length === 1 ? routeKey(routes[0]!) : routes.map(routeKey).join("\u0000");
    return cache.virtualHost(`${gateway}\u0000${host}\u0000${ports?.join(",") ?? ""}`, content, compile);
  });
  return sortBy(hosts, (h) => h.name);
}

function compileVirtualHost(gateway: string, host: string, ports: number[] | undefined, routes: Route[]): VirtualHost {
  return {
    name: gateway === "" ? host : ports ? `${gateway}:${ports.join(",")}/${host}` : `${gateway}/${host}`,
    domains: [host],
    gateways: gateway === "" ? [] : [gateway],
    ...(ports ? { ports } : {}),
    rules: effectiveOrder(routes).map((e) => ({
      ...compileRule(e.route.name, { ...e.rule, matches: e.matches }, e.ruleIndex),
      route: e.route.name,
    })),
  };
}

/**
 * Mesh → proxy config. Deterministic: any order of services, versions, endpoints, gateways,
 * listeners and routes gives the same canonical JSON, so equal meshes hash equal. Assumes a mesh
 * that passed validateMesh; references are checked again by the snapshot consistency check. With a `cache`
 * (compile-cache.ts) unchanged hosts and services are taken from the previous compile; the result is the same.
 */
export function compileMesh(mesh: MeshConfig, cache?: CompileCache): SnapshotConfig {
  const authorization = compileAuthorization(mesh);
  const mtls = compileMtls(mesh);
  const config = {
    listeners: compileListeners(mesh),
    // Routes as they resolve: cross-namespace backendRefs without a ReferenceGrant are not followed.
    virtualHosts: compileVirtualHosts({ ...mesh, routes: resolveReferenceGrants(mesh) }, cache),
    clusters: compileClusters(mesh, cache),
    ...(authorization.length > 0 ? { authorization } : {}),
    ...(mtls.length > 0 ? { mtls } : {}),
  };
  cache?.endCompile();
  return config;
}

/** A numbered snapshot; the hash covers the config only, so re-publishing the same mesh hashes equal. */
export function buildSnapshot(mesh: MeshConfig, version: number): Snapshot {
  const config = compileMesh(mesh);
  return { version, hash: contentHash(config), config };
}

/**
 * buildSnapshot for the console's publish path: the hash by the platform's native SHA-256 (same value), and with a
 * cache only what changed since the last compile is compiled and serialized again.
 */
export async function buildSnapshotNative(mesh: MeshConfig, version: number, cache?: CompileCache): Promise<Snapshot> {
  const config = compileMesh(mesh, cache);
  return { version, hash: await contentHashNative(config, cache?.canonical), config };
}
