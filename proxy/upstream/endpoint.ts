import http2 from "node:http2";
import type { Pool as PoolType } from "undici";
// Deep import: only the dispatcher, not undici's index (see undici-pool.d.ts).
import Pool from "undici/lib/dispatcher/pool.js";
import type { Endpoint } from "../../lib/core/index.ts";
import type { UpstreamTls } from "../tls/upstream-tls.ts";

/** Pool settings derived from the cluster's connectionPool policy; a change replaces the pool. */
export interface PoolSettings {
  /** maxConnections: sockets to this endpoint (undefined: unbounded). */
  connections: number | undefined;
  /** maxRequestsPerConnection: a socket closes after serving this many requests. */
  maxRequestsPerConnection: number | undefined;
  /** Upstream TLS (trafficPolicy.tls with its secrets); undefined: plain HTTP. */
  tls?: UpstreamTls;
}

/**
 * One upstream endpoint of one cluster. Survives snapshot swaps when (cluster, address, port) is unchanged,
 * so keep-alive pools, in-flight counts and outlier state are not reset by an unrelated config change.
 */
export class EndpointState {
  readonly key: string;
  weight: number;
  /** Requests in flight (LEAST_REQUEST, /stats). */
  active = 0;
  consecutive5xx = 0;
  /** Ejections so far (/stats). */
  timesEjected = 0;
  /** Ejection time multiplier: +1 per ejection, −1 per healthy outlier interval (outlier.ts). */
  ejectMultiplier = 0;
  /** The outlier sweep saw this endpoint in rotation since it came back (multiplier decay starts after). */
  sweptSinceReturn = false;
  /** Epoch ms until which the endpoint is ejected; 0 when not ejected (or un-ejected by the sweep). */
  ejectedUntil = 0;
  /** Active health check verdict; stays true without a health check. */
  healthy = true;
  /** Smooth weighted round robin state (nginx's algorithm): spreads weighted picks evenly. */
  currentWeight = 0;
  settings: PoolSettings;
  private pool_: PoolType | null = null;
  private h2_: http2.ClientHttp2Session | null = null;

  /** The cluster runtime it belongs to: the cluster's name, or a port's own runtime (clusters.ts). */
  readonly runtime: string;

  constructor(
    readonly cluster: string,
    readonly address: string,
    readonly port: number,
    weight: number,
    maxSockets: number | undefined,
    maxRequestsPerConnection?: number,
    tls?: UpstreamTls,
    runtime?: string,
  ) {
    this.runtime = runtime ?? cluster;
    this.key = `${address}:${port}`;
    this.weight = weight;
    this.settings = { connections: maxSockets, maxRequestsPerConnection, tls };
  }

  static from(cluster: string, e: Endpoint, settings: PoolSettings, runtime?: string): EndpointState {
    return new EndpointState(
      cluster,
      e.address,
      e.port,
      e.weight,
      settings.connections,
      settings.maxRequestsPerConnection,
      settings.tls,
      runtime,
    );
  }

  /** maxRequestsPerConnection 1: every request asks for its socket to be closed after it. */
  get resetEach(): boolean {
    return this.settings.maxRequestsPerConnection === 1;
  }

  /** undici keep-alive pool, created on first use. */
  get pool(): PoolType {
    if (this.pool_ === null) {
      const s = this.settings;
      const host = this.address.includes(":") ? `[${this.address}]` : this.address;
      this.pool_ = new Pool(`${s.tls ? "https" : "http"}://${host}:${this.port}`, {
        // Upstream TLS: tls.connect options (undici's connector passes them through), or a failing connector.
        connect: s.tls?.connect as PoolType.Options["connect"],
        connections: s.connections ?? null,
        pipelining: 1,
        // Idle sockets close before node's default 5 s server keep-alive, so we rarely reuse one being closed.
        keepAliveTimeout: 4_000,
        keepAliveMaxTimeout: 4_000,
        // undici closes the socket once it served *more* than this many; 1 is done per request (resetEach).
        maxRequestsPerClient:
          s.maxRequestsPerConnection !== undefined && s.maxRequestsPerConnection > 1
            ? s.maxRequestsPerConnection - 1
            : undefined,
        // Timeouts are the route's and the retry policy's, enforced by the forwarder.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    }
    return this.pool_;
  }

  /**
   * The endpoint's HTTP/2 session (service ports HTTP2 and GRPC), created on first use and replaced once it closes
   * or is told to go away: one multiplexed connection, h2c with prior knowledge, or h2 by ALPN over upstream TLS.
   */
  h2Session(): http2.ClientHttp2Session {
    const current = this.h2_;
    if (current !== null && !current.closed && !current.destroyed) return current;
    const s = this.settings;
    const host = this.address.includes(":") ? `[${this.address}]` : this.address;
    const connect = s.tls?.connect;
    const session =
      typeof connect === "function"
        ? http2.connect(`https://${host}:${this.port}`, {
            // A TLS setting that cannot be served: the connector's error fails the session, as it fails the pool.
            createConnection: () => {
              let error: Error | null = null;
              connect({}, (e) => (error = e));
              throw error ?? new Error("upstream TLS connector failed");
            },
          })
        : http2.connect(`${connect ? "https" : "http"}://${host}:${this.port}`, {
            ...(connect ?? {}),
            ALPNProtocols: ["h2"],
          });
    // The first stream's error is the request's; the session's own is only logged by the attempt.
    session.on("error", () => undefined);
    const drop = () => {
      if (this.h2_ === session) this.h2_ = null;
    };
    session.once("close", drop);
    session.once("goaway", drop);
    this.h2_ = session;
    return session;
  }

  /** Applies a new policy; a different one retires the pool (its in-flight requests finish on it). */
  configure(settings: PoolSettings): void {
    const s = this.settings;
    if (
      s.connections === settings.connections &&
      s.maxRequestsPerConnection === settings.maxRequestsPerConnection &&
      s.tls?.key === settings.tls?.key
    )
      return;
    this.settings = settings;
    const old = this.pool_;
    this.pool_ = null;
    old?.close().catch(() => undefined);
    const oldH2 = this.h2_;
    this.h2_ = null;
    oldH2?.close();
  }

  isEjected(now: number): boolean {
    return this.ejectedUntil > now;
  }

  /** May take traffic: healthy and not ejected by outlier detection. */
  isAvailable(now: number): boolean {
    return this.healthy && this.ejectedUntil <= now;
  }

  destroy(): void {
    const p = this.pool_;
    this.pool_ = null;
    p?.destroy().catch(() => undefined);
    // Like the pool's idle sockets: streams under way finish, then the session closes.
    this.h2_?.close();
    this.h2_ = null;
  }
}
