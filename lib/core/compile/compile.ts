import type { MeshConfig, Route } from "../model/index.ts";
import { contentHash } from "../snapshot/hash.ts";
import type { Cluster, Snapshot, SnapshotConfig, VirtualHost } from "../snapshot/schema.ts";
import { compileAuthorization } from "./authorization.ts";
import { clusterName, compileRule } from "./compile-rule.ts";
import { hostsOnGateway } from "./hostnames.ts";
import { effectiveOrder } from "./precedence.ts";
import { cmp, sortBy, sortedSet } from "./sort.ts";

/** One cluster per service version; endpoints sorted because their order means nothing to the LB. */
function compileClusters(mesh: MeshConfig): Cluster[] {
  const clusters = mesh.services.flatMap((svc) =>
    svc.versions.map((ver) => ({
      name: clusterName(svc.name, ver.name),
      service: svc.name,
      version: ver.name,
      host: svc.host,
      endpoints: [...ver.endpoints].sort((a, b) => cmp(a.address, b.address) || a.port - b.port || a.weight - b.weight),
      trafficPolicy: svc.trafficPolicy,
    })),
  );
  return sortBy(clusters, (c) => c.name);
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
function compileVirtualHosts(mesh: MeshConfig): VirtualHost[] {
  const hosts = [...routesByHost(mesh).values()].map(({ gateway, host, routes }) => ({
    name: gateway === "" ? host : `${gateway}/${host}`,
    domains: [host],
    gateways: gateway === "" ? [] : [gateway],
    rules: effectiveOrder(routes).map((e) => ({
      ...compileRule(e.route.name, { ...e.rule, matches: e.matches }, e.ruleIndex),
      route: e.route.name,
    })),
  }));
  return sortBy(hosts, (h) => h.name);
}

/**
 * Mesh → proxy config. Deterministic: any order of services, versions, endpoints, gateways,
 * listeners and routes gives the same canonical JSON, so equal meshes hash equal. Assumes a mesh
 * that passed validateMesh; references are checked again by the snapshot consistency check.
 */
export function compileMesh(mesh: MeshConfig): SnapshotConfig {
  const authorization = compileAuthorization(mesh);
  return {
    listeners: compileListeners(mesh),
    virtualHosts: compileVirtualHosts(mesh),
    clusters: compileClusters(mesh),
    ...(authorization.length > 0 ? { authorization } : {}),
  };
}

/** A numbered snapshot; the hash covers the config only, so re-publishing the same mesh hashes equal. */
export function buildSnapshot(mesh: MeshConfig, version: number): Snapshot {
  const config = compileMesh(mesh);
  return { version, hash: contentHash(config), config };
}
