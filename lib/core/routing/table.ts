import type { Cluster, CompiledRule, SnapshotConfig, VirtualHost } from "../snapshot/schema.ts";
import { compileMatch, compileStringMatch, type CompiledMatch, type StringMatcher } from "./matchers.ts";
import { cumulativeWeights } from "./weighted.ts";

/** Cluster label for requests that never reached a cluster (no route, fault abort, redirect, direct response). */
export const NO_CLUSTER = "-";
/** Route label for requests no rule matched. */
export const NO_ROUTE = "-";

/** One rule, with everything the hot path needs prepared at build time. */
export interface RouteEntry {
  /** Position across the whole table: adapters index per-rule arrays (metric series, counters) with it. */
  ordinal: number;
  vhost: VirtualHost;
  rule: CompiledRule;
  /** Empty: the rule matches every request of its virtual host. */
  matches: readonly CompiledMatch[];
  /** Destination cluster names, aligned with `cumulative`. */
  clusters: readonly string[];
  /**
   * The cluster runtime each destination uses, aligned with `clusters`: the cluster's name, or runtimeKey(name,
   * port) when the destination names a port the cluster has its own endpoints or policy for (Cluster.byPort).
   * Resolved here, once per snapshot, so the request path does one map lookup.
   */
  runtimes: readonly string[];
  cumulative: readonly number[];
  /** Metric keys aligned with `clusters`, plus one last key for NO_CLUSTER. */
  metricKeys: readonly string[];
  /** The rule's CORS allowOrigins, compiled; null without a CORS policy. */
  corsOrigins: readonly StringMatcher[] | null;
}

export interface VirtualHostEntry {
  vhost: VirtualHost;
  rules: readonly RouteEntry[];
}

/** Virtual hosts by domain, in the order findVirtualHost tries them. */
export interface HostIndex {
  exact: ReadonlyMap<string, VirtualHostEntry>;
  /** `*.suffix` domains, longest suffix first so the most specific wildcard wins. Suffix keeps its leading dot. */
  wildcards: readonly { suffix: string; entry: VirtualHostEntry }[];
  any: VirtualHostEntry | null;
}

export interface RouteTable extends HostIndex {
  /**
   * Per gateway listener port, when some virtual hosts are bound to ports (VirtualHost.ports): the hosts that port
   * serves. Empty otherwise, and then the table's own index serves every port. A port not in here (a `--listen`
   * port) is served by the table's own index, which holds every virtual host.
   */
  ports: ReadonlyMap<number, HostIndex>;
  entries: readonly RouteEntry[];
  clusters: ReadonlyMap<string, Cluster>;
  /** False when no rule matches on query parameters: the proxy then never parses query strings. */
  usesQuery: boolean;
  /** False when no rule matches on the listener port: the proxy then never looks its listener port up for matching. */
  usesPort: boolean;
  /** The served gateway's listener port when it has one listener (redirects FROM_LISTENER_PORT); else null. */
  listenerPort: number | null;
}

export interface BuildOptions {
  /** Serve virtual hosts bound to this gateway or to none. Without it, only virtual hosts bound to no gateway. */
  gateway?: string;
  /** The gateway listener port this table serves (redirects FROM_LISTENER_PORT); default: the gateway's only one. */
  listenerPort?: number;
}

/** The key of a cluster's runtime for one service port (Cluster.byPort); ":" cannot occur in a cluster name. */
export function runtimeKey(cluster: string, port: number): string {
  return `${cluster}:${port}`;
}

/** Joins route and cluster into one registry key; "\n" cannot occur in either. */
export function metricKey(route: string, cluster: string): string {
  return `${route}\n${cluster}`;
}

function servesVirtualHost(vhost: VirtualHost, gateway: string | undefined): boolean {
  if (vhost.gateways.length === 0) return true;
  return gateway !== undefined && vhost.gateways.includes(gateway);
}

/**
 * Builds the table once per snapshot. Assumes the snapshot passed checkSnapshotConsistency (regexes compile).
 * Gateway-bound virtual hosts are inserted before mesh-wide ones, so on a gateway they win a shared domain.
 */
export function buildRouteTable(config: SnapshotConfig, options: BuildOptions = {}): RouteTable {
  const served = config.virtualHosts.filter((vh) => servesVirtualHost(vh, options.gateway));
  served.sort((a, b) => Number(b.gateways.length > 0) - Number(a.gateways.length > 0));
  const entries: RouteEntry[] = [];
  const built: VirtualHostEntry[] = [];
  let usesQuery = false;
  let usesPort = false;
  const clusters = new Map(config.clusters.map((c) => [c.name, c] as const));
  for (const vhost of served) {
    const base = entries.length;
    const rules = vhost.rules.map((rule, i) => buildEntry(vhost, rule, base + i, clusters));
    entries.push(...rules);
    if (rules.some((r) => r.matches.some((m) => m.query.length > 0))) usesQuery = true;
    if (rules.some((r) => r.matches.some((m) => m.port !== null))) usesPort = true;
    built.push({ vhost, rules });
  }
  const { exact, wildcards, any } = hostIndex(built);
  const own = config.listeners.filter((l) => l.gateway === options.gateway);
  // Once some host is bound to ports, every listener port gets its own index: a port that no bound host names
  // must not find those hosts through the table's own index (which holds every virtual host).
  const ports = new Map<number, HostIndex>();
  const portBound = built.filter((e) => e.vhost.ports !== undefined);
  if (portBound.length > 0)
    for (const port of new Set([...own.map((l) => l.port), ...portBound.flatMap((e) => e.vhost.ports!)]))
      ports.set(port, hostIndex(built.filter((e) => e.vhost.ports === undefined || e.vhost.ports.includes(port))));
  const listenerPort = options.listenerPort ?? (own.length === 1 ? own[0]!.port : null);
  return { exact, wildcards, any, ports, entries, clusters, usesQuery, usesPort, listenerPort };
}

/** First entry wins a domain: gateway-bound ones come first (buildRouteTable sorts them so). */
function hostIndex(vhosts: readonly VirtualHostEntry[]): HostIndex {
  const exact = new Map<string, VirtualHostEntry>();
  const wildcards: { suffix: string; entry: VirtualHostEntry }[] = [];
  let any: VirtualHostEntry | null = null;
  for (const entry of vhosts)
    for (const raw of entry.vhost.domains) {
      const domain = raw.toLowerCase();
      if (domain === "*") any ??= entry;
      else if (domain.startsWith("*.")) {
        if (!wildcards.some((w) => w.suffix === domain.slice(1))) wildcards.push({ suffix: domain.slice(1), entry });
      } else if (!exact.has(domain)) exact.set(domain, entry);
    }
  wildcards.sort((a, b) => b.suffix.length - a.suffix.length);
  return { exact, wildcards, any };
}

function buildEntry(
  vhost: VirtualHost,
  rule: CompiledRule,
  ordinal: number,
  byName: ReadonlyMap<string, Cluster>,
): RouteEntry {
  const clusters = rule.destinations.map((d) => d.cluster);
  return {
    ordinal,
    vhost,
    rule,
    matches: rule.matches.map(compileMatch),
    clusters,
    runtimes: rule.destinations.map((d) =>
      d.port !== undefined && byName.get(d.cluster)?.byPort?.some((p) => p.port === d.port)
        ? runtimeKey(d.cluster, d.port)
        : d.cluster,
    ),
    cumulative: cumulativeWeights(rule.destinations.map((d) => d.weight)),
    metricKeys: [...clusters, NO_CLUSTER].map((c) => metricKey(rule.id, c)),
    corsOrigins: rule.cors ? rule.cors.allowOrigins.map((o) => compileStringMatch(o)!) : null,
  };
}
