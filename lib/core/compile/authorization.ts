import { gatewayWorkload, policyKey, selects, serviceWorkload } from "../authz/index.ts";
import type { MeshConfig } from "../model/index.ts";
import type { CompiledAuthzPolicy } from "../snapshot/schema.ts";
import { clusterName } from "./compile-rule.ts";
import { sortBy, sortedSet } from "./sort.ts";

/**
 * Each enforceable policy with the workloads it selects resolved to clusters and gateways, so the proxy only looks
 * them up. CUSTOM policies are never compiled (validation refuses them: SB603); policies that select nothing are left
 * out. Sorted by namespace/name: Istio gives policies no order, and the verdict does not depend on one.
 */
export function compileAuthorization(mesh: MeshConfig): CompiledAuthzPolicy[] {
  const out: CompiledAuthzPolicy[] = [];
  for (const p of mesh.authorizationPolicies) {
    if (p.action === "CUSTOM") continue;
    const clusters = mesh.services.flatMap((s) =>
      s.versions.filter((v) => selects(p, serviceWorkload(s, v))).map((v) => clusterName(s.name, v.name)),
    );
    const gateways = mesh.gateways.filter((g) => selects(p, gatewayWorkload(g))).map((g) => g.name);
    if (clusters.length === 0 && gateways.length === 0) continue;
    out.push({
      name: p.name,
      namespace: p.namespace,
      action: p.action,
      ...(p.rules === undefined ? {} : { rules: p.rules }),
      clusters: sortedSet(clusters),
      gateways: sortedSet(gateways),
    });
  }
  return sortBy(out, policyKey);
}
