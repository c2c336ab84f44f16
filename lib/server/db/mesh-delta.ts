/**
 * What an incremental write of the mesh tables must do (mesh-repository.ts `writeMeshDelta`): pure, so its rules
 * are unit-tested apart from the database. Entities are compared by canonical JSON; a false "changed" only costs a
 * rewrite, a false "same" would leave stale rows, so anything a row is derived from belongs to the compared value.
 */
import { canonicalJson, type MeshConfig } from "../../core/index.ts";

export interface EntityDelta<T> {
  /** Names whose rows are deleted (removed or changed entities). */
  remove: string[];
  /** Entities inserted (new or changed ones), in `after`'s order. */
  insert: T[];
}

export interface MeshDelta {
  services: EntityDelta<MeshConfig["services"][number]>;
  gateways: EntityDelta<MeshConfig["gateways"][number]>;
  routes: EntityDelta<MeshConfig["routes"][number]>;
}

function byName<T extends { name: string }>(before: readonly T[], after: readonly T[], forced = new Set<string>()) {
  const old = new Map(before.map((e) => [e.name, e]));
  const now = new Set(after.map((e) => e.name));
  const remove: string[] = [];
  const insert: T[] = [];
  for (const e of after) {
    const prev = old.get(e.name);
    if (prev === undefined) insert.push(e);
    else if (forced.has(e.name) || (prev !== e && canonicalJson(prev) !== canonicalJson(e))) {
      remove.push(e.name);
      insert.push(e);
    }
  }
  for (const e of before) if (!now.has(e.name)) remove.push(e.name);
  return { remove, insert };
}

export function meshDelta(before: MeshConfig, after: MeshConfig): MeshDelta {
  const gateways = byName(before.gateways, after.gateways);
  // A deleted gateway row takes its route bindings with it (ON DELETE CASCADE): rebind those routes.
  const dropped = new Set(gateways.remove);
  const rebind = new Set(before.routes.filter((r) => r.gateways.some((g) => dropped.has(g))).map((r) => r.name));
  return {
    services: byName(before.services, after.services),
    gateways,
    routes: byName(before.routes, after.routes, rebind),
  };
}

const policyPart = (m: MeshConfig) =>
  canonicalJson({
    namespaces: m.namespaces ?? [],
    authorizationPolicies: m.authorizationPolicies,
    peerAuthentications: m.peerAuthentications,
    referenceGrants: m.referenceGrants,
  });

export function policiesChanged(before: MeshConfig, after: MeshConfig): boolean {
  return policyPart(before) !== policyPart(after);
}
