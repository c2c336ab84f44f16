import { buildAuthzTable, type AuthzTable } from "../../lib/core/authz/index.ts";
import type { Cluster, Endpoint, Snapshot } from "../../lib/core/index.ts";
import { mergeEndpoints } from "../../lib/core/registry/endpoints.ts";
import { buildRouteTable, metricKey, NO_CLUSTER, NO_ROUTE, type RouteTable } from "../../lib/core/routing/index.ts";
import type { MetricsRegistry, Series } from "../metrics/registry.ts";
import type { ClusterRuntime, UpstreamRegistry } from "../upstream/clusters.ts";
import { validateSnapshot } from "./validate.ts";

/** Everything the request pipeline reads, built completely before it becomes visible. Never mutated after. */
export interface ActiveConfig {
  version: number;
  hash: string;
  snapshot: Snapshot;
  table: RouteTable;
  clusters: ReadonlyMap<string, ClusterRuntime>;
  /** series[entry.ordinal][destination index], last element: the rule's NO_CLUSTER series. */
  series: readonly (readonly Series[])[];
  noRoute: Series;
  /** Access policy of the gateway this proxy serves and of each cluster (lib/core/authz/table.ts). */
  authz: AuthzTable;
  /** Where the authorize stage counts denials. */
  metrics: MetricsRegistry;
  appliedAt: number;
}

/** The gateway a config's listeners belong to when they all belong to one; else undefined. */
export function onlyGateway(config: Snapshot["config"]): string | undefined {
  const names = new Set(config.listeners.map((l) => l.gateway));
  return names.size === 1 ? [...names][0] : undefined;
}

export type ApplyResult =
  { ok: true; version: number; hash: string; unchanged: boolean } | { ok: false; version: number; error: string };

/**
 * Holds the one reference the pipeline reads. apply() validates and builds a full ActiveConfig and only then
 * swaps it in: requests already running keep the config they started with, new ones see the new config.
 */
export class ConfigHolder {
  current: ActiveConfig | null = null;
  private readonly listeners = new Set<(c: ActiveConfig) => void>();
  /** Registered instances per cluster (endpoint discovery), merged into every snapshot's static endpoints. */
  private registered: Readonly<Record<string, readonly Endpoint[]>> = {};

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly upstreams: UpstreamRegistry,
    private readonly gateway: string | undefined,
    /** Without a console (file, snapshot or state dir only): serve the config's one gateway when it defines one. */
    private readonly onlyGatewayByDefault = false,
    /** Auto mTLS (lib/core/sidecar): the clusters as this proxy calls them, applied before they are prepared. */
    private readonly clusterView?: (clusters: Cluster[], config: Snapshot["config"]) => Cluster[],
  ) {}

  apply(raw: unknown): ApplyResult {
    const v = validateSnapshot(raw);
    if (!v.ok) return v;
    const snapshot = v.snapshot;
    if (this.current && this.current.hash === snapshot.hash && this.current.version === snapshot.version) {
      return { ok: true, version: snapshot.version, hash: snapshot.hash, unchanged: true };
    }
    let table: RouteTable;
    let authz: AuthzTable;
    try {
      const gateway = this.gateway ?? (this.onlyGatewayByDefault ? onlyGateway(snapshot.config) : undefined);
      table = buildRouteTable(snapshot.config, { gateway });
      authz = buildAuthzTable(snapshot.config.authorization, gateway);
    } catch (e) {
      return { ok: false, version: snapshot.version, error: `route table build failed: ${String(e)}` };
    }
    const prepared = this.upstreams.prepare(this.clustersOf(snapshot.config));
    const next: ActiveConfig = {
      version: snapshot.version,
      hash: snapshot.hash,
      snapshot,
      table,
      clusters: prepared.runtimes,
      series: table.entries.map((e) => e.metricKeys.map((k) => this.registry.get(k))),
      noRoute: this.registry.get(metricKey(NO_ROUTE, NO_CLUSTER)),
      authz,
      metrics: this.registry,
      appliedAt: Date.now(),
    };
    this.current = next;
    this.upstreams.commit(prepared);
    for (const l of this.listeners) l(next);
    return { ok: true, version: next.version, hash: next.hash, unchanged: false };
  }

  private clustersOf(config: Snapshot["config"]): Cluster[] {
    const clusters = config.clusters.map((c) => {
      const registered = this.registered[c.name];
      if (!registered) return c;
      // A registered instance has one port: it takes every service port on it, as an endpoint without `ports` does.
      const byPort = c.byPort?.map((p) => ({ ...p, endpoints: mergeEndpoints(p.endpoints, registered) }));
      return { ...c, endpoints: mergeEndpoints(c.endpoints, registered), ...(byPort ? { byPort } : {}) };
    });
    return this.clusterView ? this.clusterView(clusters, config) : clusters;
  }

  /** The running config's clusters prepared again (the sidecar's identity changed what auto mTLS needs). */
  rebuildClusters(): void {
    this.applyEndpoints(this.registered);
  }

  /**
   * New registered endpoints: the running config is rebuilt with them and swapped in whole, as a snapshot is.
   * Requests already running keep the cluster runtimes they started with; endpoints that stay keep their pools
   * and outlier state (UpstreamRegistry reuses them by cluster and address). Not a new version: onApplied
   * listeners are not told.
   */
  applyEndpoints(registered: Readonly<Record<string, readonly Endpoint[]>>): void {
    this.registered = registered;
    const cur = this.current;
    if (!cur) return;
    const prepared = this.upstreams.prepare(this.clustersOf(cur.snapshot.config));
    this.current = { ...cur, clusters: prepared.runtimes };
    this.upstreams.commit(prepared);
  }

  onApplied(listener: (c: ActiveConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the running version is >= `version`; rejects after `timeoutMs`. */
  waitForVersion(version: number, timeoutMs: number): Promise<void> {
    if ((this.current?.version ?? 0) >= version) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(
          new Error(`version ${version} not applied within ${timeoutMs} ms (running ${this.current?.version ?? 0})`),
        );
      }, timeoutMs);
      const off = this.onApplied((c) => {
        if (c.version < version) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }
}
