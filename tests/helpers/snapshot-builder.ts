import {
  contentHash,
  type Cluster,
  type CompiledRule,
  type Snapshot,
  type SnapshotConfig,
  type VirtualHost,
} from "../../lib/core/index.ts";

export interface Upstream {
  address?: string;
  port: number;
  weight?: number;
}

/** A cluster `service/version` with the given endpoints (127.0.0.1 by default). */
export function cluster(name: string, endpoints: Upstream[], extra: Partial<Cluster> = {}): Cluster {
  const [service, version] = name.split("/") as [string, string];
  return {
    name,
    service,
    version,
    host: `${service}.test.local`,
    endpoints: endpoints.map((e) => ({ address: e.address ?? "127.0.0.1", port: e.port, weight: e.weight ?? 1 })),
    ...extra,
  };
}

/** A compiled rule with defaults filled as the schema would; `destinations` as {cluster: weight}. */
export function rule(
  id: string,
  destinations: Record<string, number>,
  extra: Partial<CompiledRule> = {},
): CompiledRule {
  return {
    id,
    route: id.split("#")[0]!,
    name: "",
    matches: [],
    destinations: Object.entries(destinations).map(([c, weight]) => ({ cluster: c, weight })),
    ...extra,
  };
}

export function vhost(name: string, domains: string[], rules: CompiledRule[], gateways: string[] = []): VirtualHost {
  return { name, domains, gateways, rules };
}

export function config(virtualHosts: VirtualHost[], clusters: Cluster[]): SnapshotConfig {
  return { listeners: [], virtualHosts, clusters };
}

/** A snapshot with the correct content hash (override `hash` to test rejection). */
export function snapshot(version: number, cfg: SnapshotConfig, hash?: string): Snapshot {
  return { version, hash: hash ?? contentHash(cfg), config: cfg };
}

/** The common test shape: one host routed to `service/<version>` clusters by weight. */
export function weightedSnapshot(
  version: number,
  host: string,
  weights: Record<string, number>,
  ports: Record<string, number>,
): Snapshot {
  const clusters = Object.entries(ports).map(([name, port]) => cluster(name, [{ port }]));
  return snapshot(version, config([vhost("web", [host], [rule("web#0", weights)])], clusters));
}
