import type { Flags } from "./flags.ts";
import type { Logger, LogLevel } from "./log.ts";

/** Everything that configures a proxy, one process or a `--workers` primary alike; tests pass it directly. */
export interface ProxyOptions {
  /** Node id reported to the console (ACK/NACK, metrics). */
  nodeId: string;
  /** Console base URL; without it the proxy runs from `configFile` / `snapshot` / `stateDir` only. */
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
  /** Snapshot JSON or YAML file, re-read when it changes. */
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

/** The one mapping from command-line flags to options, for the single process and the primary alike. */
export function optionsFromFlags(f: Flags): ProxyOptions {
  return {
    nodeId: f.id,
    consoleUrl: f.console,
    token: f.token,
    gateway: f.gateway,
    port: f.listen,
    host: f.host,
    adminPort: f.adminPort,
    stateDir: f.stateDir,
    configFile: f.config,
    drainTimeoutMs: f.drainMs,
    maxHeaderBytes: f.maxHeaderBytes,
    logLevel: f.logLevel,
  };
}

/**
 * A worker's share of the options: serving only. The primary owns the configuration sources, the console
 * connection and the admin port, and pushes each snapshot to the workers.
 */
export function workerOptions(o: ProxyOptions, workerIndex: number): ProxyOptions {
  return {
    nodeId: o.nodeId,
    gateway: o.gateway,
    port: o.port,
    host: o.host,
    headersTimeoutMs: o.headersTimeoutMs,
    requestTimeoutMs: o.requestTimeoutMs,
    keepAliveTimeoutMs: o.keepAliveTimeoutMs,
    maxHeaderBytes: o.maxHeaderBytes,
    drainTimeoutMs: o.drainTimeoutMs,
    random: o.random,
    logLevel: o.logLevel,
    logger: o.logger,
    workerIndex,
  };
}
