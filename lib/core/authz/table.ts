import type { CompiledAuthzPolicy } from "../snapshot/schema.ts";
import { isEmptySet, preparePolicies, type PolicySet } from "./evaluate.ts";

/**
 * What a proxy evaluates, built once per snapshot: the policy set of the gateway it serves (checked as a request
 * arrives) and one per cluster (checked once the destination is picked). Workloads no policy selects have no entry,
 * so their requests skip authorization entirely.
 */
export interface AuthzTable {
  gateway: PolicySet | null;
  clusters: ReadonlyMap<string, PolicySet>;
}

export function buildAuthzTable(
  policies: readonly CompiledAuthzPolicy[] | undefined,
  gateway: string | undefined,
): AuthzTable {
  const byCluster = new Map<string, CompiledAuthzPolicy[]>();
  const onGateway: CompiledAuthzPolicy[] = [];
  for (const p of policies ?? []) {
    if (gateway !== undefined && p.gateways.includes(gateway)) onGateway.push(p);
    for (const c of p.clusters) {
      const list = byCluster.get(c) ?? [];
      list.push(p);
      byCluster.set(c, list);
    }
  }
  const gatewaySet = preparePolicies(onGateway);
  return {
    gateway: isEmptySet(gatewaySet) ? null : gatewaySet,
    clusters: new Map([...byCluster].map(([c, list]) => [c, preparePolicies(list)] as const)),
  };
}
