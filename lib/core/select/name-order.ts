import { sortBy } from "../compile/sort.ts";
import type { MeshConfig } from "../model/index.ts";

const byName = <T extends { name: string }>(items: readonly T[]): T[] => sortBy(items, (x) => x.name);

const byKey = <T extends { name: string; namespace: string }>(items: readonly T[]): T[] =>
  sortBy(items, (x) => `${x.namespace}/${x.name}`);

/**
 * Services (and their versions), gateways and routes sorted by name: the order the database reads a mesh back
 * in. Array order means nothing in a mesh; two meshes compare byte for byte only in one agreed order.
 */
export function meshInNameOrder(mesh: MeshConfig): MeshConfig {
  return {
    ...mesh,
    services: byName(mesh.services).map((s) => ({ ...s, versions: byName(s.versions) })),
    gateways: byName(mesh.gateways),
    routes: byName(mesh.routes),
    authorizationPolicies: byKey(mesh.authorizationPolicies),
    peerAuthentications: byKey(mesh.peerAuthentications),
    referenceGrants: byKey(mesh.referenceGrants),
    ...(mesh.namespaces ? { namespaces: byName(mesh.namespaces) } : {}),
  };
}
