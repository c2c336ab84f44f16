import type { EscapedSlashAction, PathNormalization } from "../lib/core/routing/index.ts";
import type { Flags } from "./flags.ts";
import type { Logger, LogLevel } from "./log.ts";

/** Everything that configures a proxy, one process or a `--workers` primary alike; tests pass it directly. */
export interface ProxyOptions {
  /** Node id reported to the console (ACK/NACK, metrics). */
  nodeId: string;
  /** Console base URL; without it the proxy runs from `configFile` / `snapshot` / `stateDir` only. */
  consoleUrl?: string;
  /** A bearer token, or (a joined proxy) a function signing a fresh one per call (proxy/identity/). */
  token?: string | (() => string | undefined);
  /** One-time join token: the proxy makes a key, gets its certificate, and authenticates with it from then on. */
  joinToken?: string;
  /** When to renew the certificate, as a fraction of its remaining lifetime (default 0.5; tests shorten it). */
  renewAtFraction?: number;
  /**
   * Serve virtual hosts bound to this gateway or to none. Without it: only those bound to none, unless
   * `serveOnlyGateway`.
   */
  gateway?: string;
  /** `--label k=v` (repeatable): sent with every poll; the console's staged rollouts select proxies by them. */
  labels?: Record<string, string>;
  /** Without `gateway`: serve the config's gateway when its listeners all belong to one (file mode's default). */
  serveOnlyGateway?: boolean;
  /** Default 8080; 0 picks a free port (tests). Ignored with `gatewayPorts`. */
  port?: number;
  /**
   * Listen on every port of the served gateway's listeners (HTTPS ones with TLS, httpsRedirect on HTTP ones)
   * instead of `port`; 8080 when the gateway has no listener. The CLI's mode when --listen is not given.
   */
  gatewayPorts?: boolean;
  /** With `gatewayPorts`: the local port to bind for a listener port (`--port-map`); unmapped ports bind as is. */
  portMap?: ReadonlyMap<number, number>;
  /** `--secrets-dir`: TLS secrets from files (proxy/secrets/file-source.ts), re-read when they change. */
  secretsDir?: string;
  /** How often the secrets directory is checked (default 1,000 ms). */
  secretsCheckIntervalMs?: number;
  /** With a console: fetch secrets from its secret discovery (default true). */
  consoleSecrets?: boolean;
  /** With a console: merge the instances registered in its registry into the clusters (default true). */
  consoleEndpoints?: boolean;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Mesh mode (`--sidecar-for service/version`): `port` is the outbound listener the app calls (mesh routes only,
   * auto mTLS to the peers), and an inbound listener on `inboundPort` takes mTLS/plaintext per PeerAuthentication
   * and forwards to the app on 127.0.0.1:`appPort` (proxy/sidecar/).
   */
  sidecar?: SidecarOptions;
  /** Admin server port; undefined: no admin server. */
  adminPort?: number;
  /** Admin server address; default 127.0.0.1 (whatever `host` is). Off loopback it needs `adminToken`. */
  adminHost?: string;
  /** When set, every admin request must carry `Authorization: Bearer <adminToken>` (401 otherwise). */
  adminToken?: string;
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
  /** HTTP/2 downstream (default on): h2 by ALPN on HTTPS listeners, h2c with prior knowledge on HTTP ones. */
  http2?: boolean;
  /** Drain time on stop() before open connections are cut. */
  drainTimeoutMs?: number;
  fileCheckIntervalMs?: number;
  /** Injected randomness: weighted picks, faults, jitter. Tests pass a seeded one. */
  random?: () => number;
  logLevel?: LogLevel;
  logger?: Logger;
  /** Worker mode (`--workers N`): this proxy's worker index, shown in /stats and logs. */
  workerIndex?: number;
  // Request hardening (proxy/README.md, "Request lifecycle"); defaults in pipeline/request-policy.ts.
  /** Path normalization before matching (default merge-slashes). */
  pathNormalization?: PathNormalization;
  /** %2F / %5C in a path: keep (default) or reject with 400. */
  escapedSlashes?: EscapedSlashAction;
  /** Proxies in front whose X-Forwarded-For is trusted (default 0: the peer is the client). */
  xffTrustedHops?: number;
  /** Downstream connections at once (per process); undefined: no limit. */
  maxConnections?: number;
  /** Downstream connections at once per client address; undefined: no limit. */
  maxConnectionsPerClient?: number;
  /** Request body idle time before 408 (default 60 s); 0 disables. */
  bodyIdleTimeoutMs?: number;
  /** Idle time before an upgrade tunnel is closed (default 300 s). */
  upgradeIdleTimeoutMs?: number;
}

export interface SidecarOptions {
  /** `service/version`. */
  cluster: string;
  /** `--inbound` (default 15006); 0: a free port. */
  inboundPort: number;
  /** `--app`: the local application's port. */
  appPort: number;
  /** The application's address (default 127.0.0.1). */
  appHost?: string;
}

/** Istio's sidecar ports: outbound capture 15001, inbound capture 15006. */
export const DEFAULT_OUTBOUND_PORT = 15001;
export const DEFAULT_INBOUND_PORT = 15006;

type RequestHardening = Pick<
  ProxyOptions,
  | "pathNormalization"
  | "escapedSlashes"
  | "xffTrustedHops"
  | "maxConnections"
  | "maxConnectionsPerClient"
  | "bodyIdleTimeoutMs"
  | "upgradeIdleTimeoutMs"
>;

/** The request hardening settings, which every serving process takes from its flags or its primary alike. */
function requestHardening(o: RequestHardening): RequestHardening {
  return {
    pathNormalization: o.pathNormalization,
    escapedSlashes: o.escapedSlashes,
    xffTrustedHops: o.xffTrustedHops,
    maxConnections: o.maxConnections,
    maxConnectionsPerClient: o.maxConnectionsPerClient,
    bodyIdleTimeoutMs: o.bodyIdleTimeoutMs,
    upgradeIdleTimeoutMs: o.upgradeIdleTimeoutMs,
  };
}

/** The one mapping from command-line flags to options, for the single process and the primary alike. */
export function optionsFromFlags(f: Flags): ProxyOptions {
  const common: ProxyOptions = {
    nodeId: f.id,
    consoleUrl: f.console,
    token: f.token,
    joinToken: f.joinToken,
    labels: f.label,
    secretsDir: f.secretsDir,
    host: f.host,
    adminPort: f.adminPort,
    adminHost: f.adminHost,
    adminToken: f.adminToken,
    stateDir: f.stateDir,
    configFile: f.config,
    drainTimeoutMs: f.drainMs,
    maxHeaderBytes: f.maxHeaderBytes,
    http2: f.http2 === "on",
    logLevel: f.logLevel,
    ...requestHardening(f),
  };
  // A sidecar serves the mesh's routes (bound to no gateway) on its outbound port, never a gateway's listeners.
  if (f.sidecarFor !== undefined)
    return {
      ...common,
      serveOnlyGateway: false,
      port: f.outbound ?? DEFAULT_OUTBOUND_PORT,
      gatewayPorts: false,
      sidecar: { cluster: f.sidecarFor, inboundPort: f.inbound ?? DEFAULT_INBOUND_PORT, appPort: f.app! },
    };
  return {
    ...common,
    gateway: f.gateway,
    // Without a console the config file is the whole world: its one gateway is the one to serve.
    serveOnlyGateway: f.console === undefined,
    port: f.listen,
    gatewayPorts: f.listen === undefined,
    portMap: f.portMap,
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
    serveOnlyGateway: o.serveOnlyGateway,
    port: o.port,
    gatewayPorts: o.gatewayPorts,
    portMap: o.portMap,
    // Each worker serves TLS itself, so it reads the secrets directory too; the console's secrets and the joined
    // identity come from the primary (it polls and renews once for the node and forwards them).
    secretsDir: o.secretsDir,
    consoleSecrets: false,
    host: o.host,
    headersTimeoutMs: o.headersTimeoutMs,
    requestTimeoutMs: o.requestTimeoutMs,
    keepAliveTimeoutMs: o.keepAliveTimeoutMs,
    maxHeaderBytes: o.maxHeaderBytes,
    http2: o.http2,
    drainTimeoutMs: o.drainTimeoutMs,
    random: o.random,
    logLevel: o.logLevel,
    logger: o.logger,
    workerIndex,
    ...requestHardening(o),
  };
}
