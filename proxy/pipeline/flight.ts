import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActiveConfig } from "../config/active-config.ts";
import type { RequestScan } from "../headers/request.ts";
import type { Series } from "../metrics/registry.ts";
import type { Tapper } from "../metrics/tap.ts";
import type { ClusterRuntime } from "../upstream/clusters.ts";
import type { PipelineDeps } from "./handler.ts";
import type { UpgradeHandOff } from "./tunnel.ts";

/**
 * Per-request state the lifecycle steps share. Its one 'close' listener does everything that happens when the
 * exchange ends: in-flight count, metrics, pool-slot release, cancelling upstream work the client left.
 */
export class Flight {
  /** Re-pointed as the request is matched (the rule's no-cluster series) and routed (its destination's). */
  series: Series;
  /** Set once admitted: the cluster whose pool slot this exchange holds. */
  runtime: ClusterRuntime | null = null;
  /** The upstream work under way (a Forward, or a Tunnel for an upgrade): cancelled when the client leaves. */
  forward: { cancel(): void; upstream?: string | null } | null = null;
  /** The picked destination's index in the rule (its service port selects the upstream protocol; its own headers). */
  destination = -1;
  /** The gRPC status the call ended with (-1: not a gRPC call, or none seen). */
  grpcStatus = -1;
  /** The normalized path (no query) and the query string ("?…" or ""), once the target was read. */
  path = "/";
  query = "";
  /** The exchange is already in the metrics (an upgrade is recorded at its 101, not when its tunnel closes). */
  private recorded = false;
  /** `res` has headers set with setHeader (CORS, short-circuits): the forwarder merges instead. */
  preset = false;
  closed = false;

  constructor(
    readonly deps: PipelineDeps,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly cfg: ActiveConfig,
    readonly start: number,
    readonly requestId: string,
    readonly scan: RequestScan,
    private readonly counter: { n: number },
    /** The client address (the peer, or per --xff-trusted-hops): consistent hashing by source IP uses it. */
    readonly clientIp: string,
    /** Set when node handed this request over as an upgrade the route lets through: tunnel instead of forward. */
    readonly tunnel: UpgradeHandOff | null,
  ) {
    this.series = cfg.noRoute;
  }

  onClose(): void {
    this.closed = true;
    this.counter.n--;
    const res = this.res;
    const finished = res.writableFinished;
    // The client went away (or the response was cut): stop the upstream work it no longer waits for.
    if (!finished) this.forward?.cancel();
    this.runtime?.release();
    // 499 (nginx's "client closed request") when the client left before any status was sent.
    if (this.recorded) return;
    const status = !finished && !res.headersSent ? 499 : res.statusCode;
    const latencyMs = performance.now() - this.start;
    this.series.record(status, latencyMs);
    if (this.grpcStatus >= 0) this.series.recordGrpc(this.grpcStatus);
    // Live tap: one boolean read per request while nobody taps.
    const tap = this.deps.tap;
    if (tap !== undefined && tap.active) this.offerTo(tap, status, latencyMs);
  }

  private offerTo(tap: Tapper, status: number, latencyMs: number): void {
    tap.offer({
      method: this.req.method ?? "GET",
      authority: this.scan.host,
      path: this.path,
      status,
      latencyMs,
      rule: this.series.route,
      cluster: this.series.cluster,
      upstream: this.forward?.upstream ?? null,
      headers: this.req.headers,
    });
  }

  /** An upgrade switched protocols (101, relayed on the socket, not through `res`): counted now, with its latency. */
  recordUpgrade(): void {
    this.recorded = true;
    this.series.record(101, performance.now() - this.start);
  }

  /** For the fault delay: stop waiting once the client left. */
  get aborted(): boolean {
    return this.closed;
  }

  /** Our own answers and CORS headers go through setHeader; the request id goes with them. */
  presetId(): void {
    if (this.preset) return;
    this.preset = true;
    this.res.setHeader("x-request-id", this.requestId);
  }
}
