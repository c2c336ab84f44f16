import type { Endpoint } from "../model/service.ts";
import type { SnapshotConfig } from "../snapshot/schema.ts";

/**
 * The clusters one proxy can send traffic to: those named (as a destination or a mirror) by the rules of the virtual
 * hosts it serves — bound to its gateway, or to none — in the snapshot it runs. Endpoint discovery answers a proxy
 * only these (Envoy's EDS asks per cluster): a gateway that serves two routes gets two clusters' instances, not the
 * whole registry, and a registration elsewhere does not change its answer. Sorted, so equal scopes compare equal.
 */
export function proxyClusterScope(config: SnapshotConfig, gateway: string | undefined): string[] {
  const names = new Set<string>();
  for (const vh of config.virtualHosts) {
    if (vh.gateways.length > 0 && (gateway === undefined || !vh.gateways.includes(gateway))) continue;
    for (const rule of vh.rules) {
      for (const d of rule.destinations) names.add(d.cluster);
      if (rule.mirror) names.add(rule.mirror.cluster);
      for (const m of rule.extraMirrors ?? []) names.add(m.cluster);
    }
  }
  return [...names].sort();
}

/** The part of the registry's endpoints (per cluster) that a scope names. */
export function scopeEndpoints(
  all: Readonly<Record<string, Endpoint[]>>,
  scope: readonly string[],
): Record<string, Endpoint[]> {
  const out: Record<string, Endpoint[]> = {};
  for (const name of scope) {
    const eps = all[name];
    if (eps) out[name] = eps;
  }
  return out;
}
