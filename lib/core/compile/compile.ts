import type { MeshConfig } from "../model/index.ts";
import { contentHash } from "../snapshot/hash.ts";
import type { Cluster, Snapshot, SnapshotConfig, VirtualHost } from "../snapshot/schema.ts";
import { clusterName, compileRule } from "./compile-rule.ts";
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

function compileVirtualHosts(mesh: MeshConfig): VirtualHost[] {
  const hosts = mesh.routes.map((route) => ({
    name: route.name,
    domains: sortedSet(route.hosts),
    gateways: sortedSet(route.gateways),
    rules: route.rules.map((rule, i) => compileRule(route.name, rule, i)),
  }));
  return sortBy(hosts, (h) => h.name);
}

/**
 * Mesh → proxy config. Deterministic: any order of services, versions, endpoints, gateways,
 * listeners and routes gives the same canonical JSON, so equal meshes hash equal. Assumes a mesh
 * that passed validateMesh; references are checked again by the snapshot consistency check.
 */
export function compileMesh(mesh: MeshConfig): SnapshotConfig {
  return {
    listeners: compileListeners(mesh),
    virtualHosts: compileVirtualHosts(mesh),
    clusters: compileClusters(mesh),
  };
}

/** A numbered snapshot; the hash covers the config only, so re-publishing the same mesh hashes equal. */
export function buildSnapshot(mesh: MeshConfig, version: number): Snapshot {
  const config = compileMesh(mesh);
  return { version, hash: contentHash(config), config };
}
