import type { MeshConfig, Route } from "../model/index.ts";
import { contentHash, contentHashNative } from "../snapshot/hash.ts";
import type { Cluster, Snapshot, SnapshotConfig, VirtualHost } from "../snapshot/schema.ts";
import type { CompileCache } from "./compile-cache.ts";
import { compileAuthorization } from "./authorization.ts";
import { clusterName, compileRule } from "./compile-rule.ts";
import { hostsOnGateway } from "./hostnames.ts";
import { effectiveOrder } from "./precedence.ts";
import { cmp, sortBy, sortedSet } from "./sort.ts";

/** One cluster per service version; endpoints sorted because their order means nothing to the LB. */
function compileClusters(mesh: MeshConfig, cache?: CompileCache): Cluster[] {
  const clusters = mesh.services.flatMap((svc) => cached(cache, svc, () => serviceClusters(svc)));
  return sortBy(clusters, (c) => c.name);
}

const cached = (cache: CompileCache | undefined, svc: MeshConfig["services"][number], compile: () => Cluster[]) =>
  cache ? cache.serviceClusters(JSON.stringify(svc), compile) : compile();

function serviceClusters(svc: MeshConfig["services"][number]): Cluster[] {
  return svc.versions.map((ver) => ({
    name: clusterName(svc.name, ver.name),
    service: svc.name,
    version: ver.name,
    host: svc.host,
    endpoints: [...ver.endpoints].sort((a, b) => cmp(a.address, b.address) || a.port - b.port || a.weight - b.weight),
    // A version's own TLS replaces the service's, as an Istio subset's trafficPolicy overrides the rule's.
    trafficPolicy: ver.tls ? { ...svc.trafficPolicy, tls: ver.tls } : svc.trafficPolicy,
    // Absent without ports: snapshots of meshes that name none keep their hash.
    ...(svc.ports.length > 0 ? { ports: svc.ports } : {}),
  }));
}

function compileListeners(mesh: MeshConfig): SnapshotConfig["listeners"] {
  const listeners = mesh.gateways.flatMap((gw) =>
    gw.listeners.map((l) => ({ ...l, hosts: sortedSet(l.hosts), gateway: gw.name })),
  );
  return listeners.sort((a, b) => cmp(a.gateway, b.gateway) || a.port - b.port || cmp(a.name, b.name));
}

/**
 * Routes grouped by what a proxy looks up: binding ("" for the mesh, else a gateway) and host (lower-case). On a
 * gateway a route's hosts are intersected with the hostnames of the listeners it attaches through (hostnames.ts):
 * a route whose hostnames match no listener serves nothing there.
 */
export function routesByHost(mesh: MeshConfig): Map<string, { gateway: string; host: string; routes: Route[] }> {
  const groups = new Map<string, { gateway: string; host: string; routes: Route[] }>();
  const gateways = new Map(mesh.gateways.map((g) => [g.name, g] as const));
  for (const route of mesh.routes) {
    for (const gateway of route.gateways.length === 0 ? [""] : sortedSet(route.gateways)) {
      const hosts =
        gateway === "" ? route.hosts.map((h) => h.toLowerCase()) : hostsOnGateway(route, gateways.get(gateway));
      for (const host of sortedSet(hosts)) {
        const key = `${gateway}\u0000${host}`;
        const group = groups.get(key) ?? { gateway, host, routes: [] };
        group.routes.push(route);
        groups.set(key, group);
      }
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
  const hosts = [...routesByHost(mesh).values()].map(({ gateway, host, routes }) => {
    const compile = () => compileVirtualHost(gateway, host, routes);
    if (!cache) return compile();
    const content = routes.length === 1 ? routeKey(routes[0]!) : routes.map(routeKey).join("\u0000");
    return cache.virtualHost(`${gateway}\u0000${host}`, content, compile);
  });
  return sortBy(hosts, (h) => h.name);
}

function compileVirtualHost(gateway: string, host: string, routes: Route[]): VirtualHost {
  return {
    name: gateway === "" ? host : `${gateway}/${host}`,
    domains: [host],
    gateways: gateway === "" ? [] : [gateway],
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
  const config = {
    listeners: compileListeners(mesh),
    virtualHosts: compileVirtualHosts(mesh, cache),
    clusters: compileClusters(mesh, cache),
    ...(authorization.length > 0 ? { authorization } : {}),
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
