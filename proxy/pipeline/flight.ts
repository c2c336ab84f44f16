import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActiveConfig } from "../config/active-config.ts";
import type { RequestScan } from "../headers/request.ts";
import type { Series } from "../metrics/registry.ts";
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
  forward: { cancel(): void } | null = null;
  /** The picked destination's index in the rule (its service port selects the upstream protocol). */
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
    if (!this.recorded)
      this.series.record(!finished && !res.headersSent ? 499 : res.statusCode, performance.now() - this.start);
    if (this.grpcStatus >= 0) this.series.recordGrpc(this.grpcStatus);
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
