import { createAdminHandler, startAdmin } from "./admin/server.ts";
import { ConfigHolder, type ApplyResult } from "./config/active-config.ts";
import { startFileSource } from "./config/file-source.ts";
import { StateStore } from "./config/state-store.ts";
import { XdsClient } from "./config/xds-client.ts";
import { DEFAULT_MAX_HEADER_BYTES, startListener, type Listener } from "./listener.ts";
import { createLogger, type Logger, type LogLevel } from "./log.ts";
import { startMetricsReporter } from "./metrics/reporter.ts";
import { DeltaTracker, MetricsRegistry } from "./metrics/registry.ts";
import type { EndpointHealth, MetricSeries } from "../lib/core/index.ts";
import { createRequestHandler } from "./pipeline/handler.ts";
import { createUpgradeHandler } from "./pipeline/websocket.ts";
import { buildStats, endpointHealth, type ProxyStats } from "./stats.ts";
import { UpstreamRegistry } from "./upstream/clusters.ts";

export interface ProxyOptions {
  /** Node id reported to the console (ACK/NACK, metrics). */
  nodeId: string;
  /** Console base URL; without it the proxy runs from `configFile` / `snapshot` only. */
  consoleUrl?: string;
  token?: string;
  /** Serve virtual hosts bound to this gateway or to none; without it only those bound to none. */
  gateway?: string;
  /** Default 8080; 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Admin server port; undefined: no admin server. */
  adminPort?: number;
  /** Directory for the last good snapshot (loaded when the console is unreachable at start). */
  stateDir?: string;
  /** Snapshot JSON file, re-read when it changes. */
  configFile?: string;
  /** A snapshot object applied at start (tests, embedding). */
  snapshot?: unknown;
  metricsIntervalMs?: number;
  /** waitMs asked of the console per long poll. */
  pollWaitMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  /** Request head size limit (default DEFAULT_MAX_HEADER_BYTES); larger requests are answered 431. */
  maxHeaderBytes?: number;
  /** Drain time on stop() before open connections are cut. */
  drainTimeoutMs?: number;
  fileCheckIntervalMs?: number;
  /** Injected randomness: weighted picks, faults, jitter. Tests pass a seeded one. */
  random?: () => number;
  logLevel?: LogLevel;
  logger?: Logger;
  /** Worker mode (`--workers N`): this proxy's worker index, shown in /stats and logs. */
  workerIndex?: number;
}

export interface Proxy {
  start(): Promise<void>;
  /** Stops accepting, drains in-flight requests up to `graceMs` (default drainTimeoutMs), stops the loops. */
  stop(graceMs?: number): Promise<void>;
  readonly port: number;
  readonly adminPort: number | undefined;
  currentVersion(): number;
  currentHash(): string | null;
  /** Validates and applies a snapshot as any source would. */
  applySnapshot(raw: unknown): ApplyResult;
  stats(): ProxyStats;
  /** Metric deltas since the last call and the endpoints' health (worker mode: sent to the primary). */
  metricsDelta(): { series: MetricSeries[]; endpoints: EndpointHealth[] };
  /** Resolves when the running version is >= `version`; rejects after `timeoutMs`. */
  waitForVersion(version: number, timeoutMs?: number): Promise<void>;
}

export function createProxy(options: ProxyOptions): Proxy {
  return new SignalboxProxy(options);
}

/** Wires config sources, the config holder, the listener, the admin server and the metrics reporter. */
class SignalboxProxy implements Proxy {
  private readonly log: Logger;
  private readonly random: () => number;
  private readonly registry = new MetricsRegistry();
  private readonly upstreams: UpstreamRegistry;
  private readonly holder: ConfigHolder;
  private readonly store: StateStore | null;
  private lastError: ProxyStats["lastError"] = null;
  private listener: Listener | null = null;
  private admin: { port: number; close(): Promise<void> } | null = null;
  private readonly stoppers: (() => Promise<void> | void)[] = [];
  private readonly deltas = new DeltaTracker();

  constructor(private readonly o: ProxyOptions) {
    this.log =
      o.logger ??
      createLogger(
        o.logLevel ?? "info",
        o.workerIndex === undefined ? { node: o.nodeId } : { node: o.nodeId, worker: o.workerIndex },
      );
    this.random = o.random ?? Math.random;
    this.upstreams = new UpstreamRegistry(this.log);
    this.holder = new ConfigHolder(this.registry, this.upstreams, o.gateway);
    this.store = o.stateDir ? new StateStore(o.stateDir) : null;
  }

  /** Every source goes through here: validate, build, swap; remember the last rejection; persist what was applied. */
  readonly applySnapshot = (raw: unknown): ApplyResult => {
    const r = this.holder.apply(raw);
    if (!r.ok) this.lastError = { version: r.version, error: r.error, at: new Date().toISOString() };
    else if (!r.unchanged && this.store && this.holder.current) {
      this.store
        .save(this.holder.current.snapshot)
        .catch((e: unknown) => this.log.warn("could not persist snapshot", { error: String(e) }));
    }
    return r;
  };

  private readonly loadPersisted = async (): Promise<void> => {
    if (!this.store || this.holder.current) return;
    const raw = await this.store.load();
    if (raw === null) return;
    const r = this.holder.apply(raw);
    if (r.ok)
      this.log.warn("console unreachable: serving persisted snapshot", { version: r.version, file: this.store.file });
    else this.log.error("persisted snapshot rejected", { error: r.error });
  };

  readonly stats = (): ProxyStats => {
    const s = buildStats(
      this.o.nodeId,
      this.holder.current,
      this.registry,
      this.listener?.inFlight() ?? 0,
      this.lastError,
    );
    return this.o.workerIndex === undefined ? s : { ...s, worker: this.o.workerIndex, pid: process.pid };
  };

  metricsDelta(): { series: MetricSeries[]; endpoints: EndpointHealth[] } {
    return { series: this.deltas.collect(this.registry), endpoints: endpointHealth(this.holder.current) };
  }

  async start(): Promise<void> {
    const o = this.o;
    if (o.snapshot !== undefined) {
      const r = this.applySnapshot(o.snapshot);
      if (!r.ok) throw new Error(`initial snapshot rejected: ${r.error}`);
    }
    if (o.configFile) {
      const src = startFileSource(o.configFile, this.applySnapshot, this.log, o.fileCheckIntervalMs);
      this.stoppers.push(() => src.stop());
      await src.ready;
    }
    const host = o.host ?? "127.0.0.1";
    this.listener = await startListener(
      {
        host,
        port: o.port ?? 8080,
        headersTimeoutMs: o.headersTimeoutMs ?? 10_000,
        requestTimeoutMs: o.requestTimeoutMs ?? 300_000,
        keepAliveTimeoutMs: o.keepAliveTimeoutMs ?? 5_000,
        maxHeaderBytes: o.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
        log: this.log,
      },
      createRequestHandler({ holder: this.holder, random: this.random, log: this.log }),
      createUpgradeHandler(this.holder, this.random, this.log),
    );
    if (o.adminPort !== undefined)
      this.admin = await startAdmin(
        host,
        o.adminPort,
        createAdminHandler({ holder: this.holder, registry: this.registry, stats: this.stats }),
      );
    if (o.consoleUrl) {
      const deps = {
        apply: this.applySnapshot,
        holder: this.holder,
        registry: this.registry,
        loadPersisted: this.loadPersisted,
        log: this.log,
        random: this.random,
      };
      this.stoppers.push(...startConsoleLoops(o, o.consoleUrl, deps));
    } else if (!this.holder.current) await this.loadPersisted();
    this.log.info("proxy listening", { port: this.listener.port, adminPort: this.admin?.port, gateway: o.gateway });
  }

  async stop(graceMs?: number): Promise<void> {
    await this.listener?.close(graceMs ?? this.o.drainTimeoutMs ?? 10_000);
    for (const s of this.stoppers.reverse()) await s();
    this.stoppers.length = 0;
    await this.admin?.close();
    this.upstreams.destroyAll();
  }

  get port(): number {
    if (!this.listener) throw new Error("proxy not started");
    return this.listener.port;
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

interface LoopDeps {
  apply(raw: unknown): ApplyResult;
  holder: ConfigHolder;
  registry: MetricsRegistry;
  loadPersisted(): Promise<void>;
  log: Logger;
  random: () => number;
}

/** The two loops that talk to the console: snapshot long-poll (ACK/NACK) and the metrics reporter. */
function startConsoleLoops(o: ProxyOptions, consoleUrl: string, d: LoopDeps): (() => Promise<void>)[] {
  const client = new XdsClient({
    consoleUrl,
    node: o.nodeId,
    gateway: o.gateway,
    token: o.token,
    waitMs: o.pollWaitMs,
    backoffBaseMs: o.backoffBaseMs,
    backoffMaxMs: o.backoffMaxMs,
    apply: d.apply,
    runningVersion: () => d.holder.current?.version ?? 0,
    onUnreachable: d.loadPersisted,
    log: d.log,
    random: d.random,
  });
  client.start();
  const reporter = startMetricsReporter({
    consoleUrl,
    node: o.nodeId,
    token: o.token,
    registry: d.registry,
    intervalMs: o.metricsIntervalMs ?? 1_000,
    log: d.log,
    endpoints: () => endpointHealth(d.holder.current),
  });
  return [() => client.stop(), () => reporter.stop()];
}
