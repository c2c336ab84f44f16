import type { AuthzCount, Cluster, EndpointHealth, MetricSeries, SnapshotConfig } from "../lib/core/index.ts";
import type { TapSample, TapSpec } from "../lib/core/protocol/tap.ts";
import { DEFAULT_ADMIN_HOST } from "./admin/access.ts";
import { createAdminHandler, startAdmin } from "./admin/server.ts";
import { ConfigHolder, type ApplyResult } from "./config/active-config.ts";
import { SnapshotKeeper } from "./config/snapshot-keeper.ts";
import type { IdentitySource } from "./identity/identity.ts";
import { startConsoleLoops, startLocalSources, type Stopper } from "./config/sources.ts";
import { DEFAULT_MAX_HEADER_BYTES } from "./listener.ts";
import { ListenerSet } from "./listener-set.ts";
import { createLogger, type Logger } from "./log.ts";
import { DeltaTracker, MetricsRegistry } from "./metrics/registry.ts";
import { Tapper } from "./metrics/tap.ts";
import type { ProxyOptions, SidecarOptions } from "./options.ts";
import { SidecarInbound } from "./sidecar/inbound.ts";
import { workloadSpiffeId } from "./sidecar/workload-id.ts";
import { trustDomainOf, withAutoMtls, withGatewayAutoMtls } from "../lib/core/sidecar/index.ts";
import { createRequestHandler, type RequestHandler } from "./pipeline/handler.ts";
import { DEFAULT_REQUEST_POLICY, type RequestPolicy } from "./pipeline/request-policy.ts";
import { createUpgradeListener } from "./pipeline/upgrade.ts";
import { startSecretsDirSource } from "./secrets/sources.ts";
import { SecretStore } from "./secrets/store.ts";
import { buildStats, endpointHealth, proxyGauges, type ProxyStats } from "./stats.ts";
import { UpstreamRegistry } from "./upstream/clusters.ts";
import type { RegisteredEndpoints } from "./endpoints/console-endpoints.ts";

export type { ProxyOptions } from "./options.ts";

export interface Proxy {
  start(): Promise<void>;
  /** Stops accepting, drains in-flight requests up to `graceMs` (default drainTimeoutMs), stops the loops. */
  stop(graceMs?: number): Promise<void>;
  /** The first listening port (the lowest, with several). */
  readonly port: number;
  /** Every listening port (one per gateway listener port, or the one `port`). */
  ports(): number[];
  /** The secret store TLS listeners and upstreams read (fed by --secrets-dir and the console). */
  readonly secrets: SecretStore;
  readonly adminPort: number | undefined;
  currentVersion(): number;
  currentHash(): string | null;
  /** Validates and applies a snapshot as any source would. */
  applySnapshot(raw: unknown): ApplyResult;
  /** Registered instances per cluster (endpoint discovery; in worker mode pushed by the primary). */
  applyEndpoints(clusters: RegisteredEndpoints): void;
  stats(): ProxyStats;
  /** Metric deltas and tap samples since the last call, and the endpoints' health (worker mode: sent to the primary). */
  metricsDelta(): { series: MetricSeries[]; endpoints: EndpointHealth[]; authz: AuthzCount[]; tap: TapSample[] };
  /** The open live taps (worker mode: pushed by the primary, which hears them from the console). */
  updateTaps(specs: readonly TapSpec[]): void;
  /** Resolves when the running version is >= `version`; rejects after `timeoutMs`. */
  waitForVersion(version: number, timeoutMs?: number): Promise<void>;
  /** Its certificate identity after joining the console's CA (proxy/identity/); undefined for token proxies. */
  readonly identity: IdentitySource | undefined;
  /** Mesh mode: the inbound listener's port (undefined for a gateway proxy). */
  readonly inboundPort: number | undefined;
}

export function createProxy(options: ProxyOptions): Proxy {
  return new SignalboxProxy(options);
}

/** Wires config sources, the config holder, the listener, the admin server and the metrics reporter. */
class SignalboxProxy implements Proxy {
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly registry = new MetricsRegistry();
  private readonly tapper: Tapper;
  private readonly upstreams: UpstreamRegistry;
  private readonly holder: ConfigHolder;
  private readonly keeper: SnapshotKeeper;
  private listeners: ListenerSet | null = null;
  readonly secrets = new SecretStore();
  private handler: RequestHandler | null = null;
  private admin: { port: number; close(): Promise<void> } | null = null;
  private readonly stoppers: Stopper[] = [];
  private joined: IdentitySource | undefined;
  private inbound: SidecarInbound | null = null;
  private readonly deltas = new DeltaTracker();

  constructor(private readonly o: ProxyOptions) {
    this.tapper = new Tapper(o.nodeId);
    this.log =
      o.logger ??
      createLogger(
        o.logLevel ?? "info",
        o.workerIndex === undefined ? { node: o.nodeId } : { node: o.nodeId, worker: o.workerIndex },
      );
    this.random = o.random ?? Math.random;
    this.upstreams = new UpstreamRegistry(this.log, this.secrets);
    // A sidecar calls its peers with mTLS as the peer's own identity, a gateway its STRICT ones (lib/core/sidecar,
    // auto mTLS).
    const autoMtls = o.sidecar ? withAutoMtls : withGatewayAutoMtls;
    const view = (clusters: Cluster[], config: SnapshotConfig) =>
      autoMtls(clusters, config.mtls, trustDomainOf(workloadSpiffeId(this.secrets)));
    this.holder = new ConfigHolder(this.registry, this.upstreams, o.gateway, o.serveOnlyGateway ?? false, view);
    this.keeper = new SnapshotKeeper({
      accept: (raw) => this.holder.apply(raw),
      running: () => this.holder.current?.snapshot ?? null,
      stateDir: o.stateDir,
      log: this.log,
    });
  }

  readonly applySnapshot = (raw: unknown): ApplyResult => this.keeper.apply(raw);

  readonly applyEndpoints = (clusters: RegisteredEndpoints): void => this.holder.applyEndpoints(clusters);

  readonly stats = (): ProxyStats => {
    const s = buildStats(
      this.o.nodeId,
      this.holder.current,
      this.registry,
      this.listeners?.inFlight() ?? 0,
      this.keeper.lastError,
    );
    const withListeners = {
      ...s,
      listeners: this.listeners?.status() ?? [],
      ...(this.inbound ? { sidecar: this.inbound.status() } : {}),
    };
    return this.o.workerIndex === undefined
      ? withListeners
      : { ...withListeners, worker: this.o.workerIndex, pid: process.pid };
  };

  metricsDelta(): { series: MetricSeries[]; endpoints: EndpointHealth[]; authz: AuthzCount[]; tap: TapSample[] } {
    return {
      series: this.deltas.collect(this.registry),
      endpoints: endpointHealth(this.holder.current),
      authz: this.registry.authzDeltas(),
      tap: this.tapper.drain(),
    };
  }

  readonly updateTaps = (specs: readonly TapSpec[]): void => this.tapper.update(specs);

  async start(): Promise<void> {
    const o = this.o;
    this.stoppers.push(...startSecretsDirSource(o, this.secrets, this.log));
    this.stoppers.push(...(await startLocalSources(o, this.keeper, this.log)));
    const host = o.host ?? "127.0.0.1";
    const policy = requestPolicy(o);
    const listenerPort = (local: number) => this.listeners?.listenerPort(local) ?? local;
    const handler = createRequestHandler({
      holder: this.holder,
      random: this.random,
      log: this.log,
      policy,
      listenerPort,
      tap: this.tapper,
      clusterPolicies: o.sidecar === undefined,
    });
    this.handler = handler;
    const listeners = new ListenerSet({
      base: {
        host,
        headersTimeoutMs: o.headersTimeoutMs ?? 10_000,
        requestTimeoutMs: o.requestTimeoutMs ?? 300_000,
        keepAliveTimeoutMs: o.keepAliveTimeoutMs ?? 5_000,
        maxHeaderBytes: o.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
        http2: o.http2 ?? true,
        maxConnections: o.maxConnections,
        maxConnectionsPerClient: o.maxConnectionsPerClient,
        log: this.log,
      },
      handler,
      onUpgrade: createUpgradeListener({ holder: this.holder, handler, policy, listenerPort }),
      store: this.secrets,
      log: this.log,
      fixedPort: o.gatewayPorts ? undefined : (o.port ?? 8080),
      portMap: o.portMap,
      gateway: o.gateway,
      serveOnlyGateway: o.serveOnlyGateway ?? false,
    });
    this.listeners = listeners;
    await listeners.sync(this.holder.current, true);
    if (o.sidecar) await this.startInbound(o.sidecar, host);
    this.rebuildOnTrustDomainChange();
    this.holder.onApplied(
      (cfg) =>
        void listeners.sync(cfg).catch((e: unknown) => this.log.error("listeners not updated", { error: String(e) })),
    );
    if (o.adminPort !== undefined) {
      const view = {
        running: () => this.holder.current,
        stats: this.stats,
        registry: this.registry,
        gauges: () => proxyGauges(this.stats()),
      };
      const adminHost = o.adminHost ?? DEFAULT_ADMIN_HOST;
      this.admin = await startAdmin(adminHost, o.adminPort, createAdminHandler(view, o.adminToken), o.adminToken);
    }
    const consoleDeps = {
      keeper: this.keeper,
      runningVersion: () => this.currentVersion(),
      registry: this.registry,
      endpoints: () => endpointHealth(this.holder.current),
      log: this.log,
      onIdentity: (identity: IdentitySource) => (this.joined = identity),
      secrets: this.secrets,
      tap: this.tapper,
      applyEndpoints: this.applyEndpoints,
    };
    this.stoppers.push(...(await startConsoleLoops(o, consoleDeps)));
    this.log.info("proxy listening", { ports: listeners.ports(), adminPort: this.admin?.port, gateway: o.gateway });
  }

  /** Mesh mode: the inbound listener. */
  private async startInbound(sidecar: SidecarOptions, host: string): Promise<void> {
    const o = this.o;
    this.inbound = new SidecarInbound({
      host,
      port: sidecar.inboundPort,
      cluster: sidecar.cluster,
      appPort: sidecar.appPort,
      appHost: sidecar.appHost ?? "127.0.0.1",
      holder: this.holder,
      store: this.secrets,
      registry: this.registry,
      log: this.log,
      headersTimeoutMs: o.headersTimeoutMs ?? 10_000,
      keepAliveTimeoutMs: o.keepAliveTimeoutMs ?? 5_000,
    });
    await this.inbound.start();
  }

  /** Auto mTLS prepared again when the workload identity's trust domain moves (it arrived, or the CA changed). */
  private rebuildOnTrustDomainChange(): void {
    let domain = trustDomainOf(workloadSpiffeId(this.secrets));
    this.secrets.onChange(() => {
      const now = trustDomainOf(workloadSpiffeId(this.secrets));
      if (now === domain) return;
      domain = now;
      this.holder.rebuildClusters();
    });
  }

  async stop(graceMs?: number): Promise<void> {
    await this.inbound?.close(graceMs ?? this.o.drainTimeoutMs ?? 10_000);
    await this.listeners?.close(graceMs ?? this.o.drainTimeoutMs ?? 10_000);
    this.handler?.close();
    for (const s of this.stoppers.reverse()) await s();
    this.stoppers.length = 0;
    await this.admin?.close();
    this.upstreams.destroyAll();
  }

  get port(): number {
    if (!this.listeners) throw new Error("proxy not started");
    return this.listeners.port;
  }

  ports(): number[] {
    return this.listeners?.ports() ?? [];
  }

  /** The certificate identity of a proxy that joined the console's CA (undefined otherwise): `default`, `ROOTCA`. */
  get identity(): IdentitySource | undefined {
    return this.joined;
  }

  get inboundPort(): number | undefined {
    return this.inbound?.port;
  }

  get adminPort(): number | undefined {
    return this.admin?.port;
  }

  currentVersion(): number {
    return this.holder.current?.version ?? 0;
  }

  currentHash(): string | null {
    return this.holder.current?.hash ?? null;
  }

  waitForVersion(version: number, timeoutMs = 10_000): Promise<void> {
    return this.holder.waitForVersion(version, timeoutMs);
  }
}

/** The pipeline's request policy from the options, defaults where they say nothing. */
function requestPolicy(o: ProxyOptions): RequestPolicy {
  const d = DEFAULT_REQUEST_POLICY;
  return {
    paths: {
      normalization: o.pathNormalization ?? d.paths.normalization,
      escapedSlashes: o.escapedSlashes ?? d.paths.escapedSlashes,
    },
    xffTrustedHops: o.xffTrustedHops ?? d.xffTrustedHops,
    bodyIdleTimeoutMs: o.bodyIdleTimeoutMs ?? d.bodyIdleTimeoutMs,
    upgradeIdleTimeoutMs: o.upgradeIdleTimeoutMs ?? d.upgradeIdleTimeoutMs,
  };
}
