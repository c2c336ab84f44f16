import type { SnapshotConfig } from "./schema.ts";

/**
 * The secrets one proxy may receive (secret discovery): the credentials its own gateway's listeners name, and the
 * upstream credentials of the clusters its virtual hosts route or mirror to. Nothing else: a proxy of gateway A
 * never gets a key only gateway B's listeners use. `gateway` null: a proxy started without --gateway, which serves
 * only the mesh's virtual hosts (those bound to no gateway) and runs no gateway listeners.
 */
export function secretNamesForProxy(config: SnapshotConfig, gateway: string | null): string[] {
  const names = new Set<string>();
  for (const listener of config.listeners)
    if (gateway !== null && listener.gateway === gateway)
      for (const name of [...(listener.tls?.credentialNames ?? []), ...(listener.tls?.clientCaNames ?? [])])
        names.add(name);
  const served = config.virtualHosts.filter(
    (vh) => vh.gateways.length === 0 || (gateway !== null && vh.gateways.includes(gateway)),
  );
  const clusters = new Set<string>();
  for (const vh of served)
    for (const rule of vh.rules) {
      for (const d of rule.destinations) clusters.add(d.cluster);
      if (rule.mirror) clusters.add(rule.mirror.cluster);
      for (const m of rule.extraMirrors ?? []) clusters.add(m.cluster);
    }
  for (const cluster of config.clusters) {
    const credential = cluster.trafficPolicy?.tls?.credentialName;
    if (credential && clusters.has(cluster.name)) names.add(credential);
  }
  return [...names].sort();
}
