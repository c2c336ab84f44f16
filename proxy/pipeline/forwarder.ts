import type { ServerResponse } from "node:http";
import type { CompiledRule } from "../../lib/core/index.ts";
import type { ClusterRuntime } from "../upstream/clusters.ts";
import { applyHeaderOps, hasHeader, toHeaderObject, type HeaderOps, type RawHeaders } from "../headers/ops.ts";
import { downstreamResponseHeaders } from "../headers/response.ts";
import { recordOutcome } from "../upstream/outlier.ts";
import { Attempt, type AttemptOwner, type AttemptResult, type Body, type UpstreamAttempt } from "./attempt.ts";
import {
  GRPC_DEADLINE_EXCEEDED,
  GRPC_STATUS_FIELDS,
  GRPC_UNAVAILABLE,
  grpcCode,
  grpcStatusIn,
  isHttp2Response,
  sendGrpcStatus,
} from "./grpc.ts";
import { H2Attempt } from "./h2-attempt.ts";
import { sendText } from "./respond.ts";
import { isRetriable } from "./retry-policy.ts";

export interface ForwardContext {
  res: ServerResponse;
  rule: CompiledRule;
  /** The picked destination's own response header operations, applied after the rule's. */
  destinationResponseHeaders: HeaderOps | undefined;
  runtime: ClusterRuntime;
  method: string;
  path: string;
  headers: RawHeaders;
  /** Filled in by the body step, after the head was built. */
  body: Body;
  hashKey: string | undefined;
  random: () => number;
  /** Absolute deadline (performance.now()) from the route timeout, or Infinity. */
  deadline: number;
  requestId: string;
  /** Headers were already set on `res` with setHeader (CORS): merge instead of writing the raw list. */
  preset: boolean;
  /** HTTP/2 to the endpoints: the destination's service port is HTTP2 or GRPC. */
  http2: boolean;
  /** A gRPC call (content-type application/grpc): grpc-status read, retried on and answered in. */
  grpc: boolean;
  /** Where the call's grpc-status goes for the metrics (-1: none seen). */
  outcome: { grpcStatus: number };
}

/** RFC 9110 §9.2.2: sending these twice has the effect of sending them once. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/** Final status for a failure that exhausted the attempts: the table in proxy/README.md. */
const FAILURE_STATUS = {
  "connect-failure": [503, "upstream connect error\n"],
  tls: [503, "upstream TLS error\n"],
  reset: [502, "upstream reset before response\n"],
  timeout: [504, "upstream timeout\n"],
} as const;

/**
 * Attempts (with retries) and relays the chosen response: writeHead with the raw header list, write() per
 * chunk with undici paused while the client's socket is full, end(). Callback-driven: no promise per request.
 */
export class Forward implements AttemptOwner {
  private attempt = 0;
  private staleRetried = false;
  private current: UpstreamAttempt | null = null;
  /** Trailers to send after the body: the upstream's, or a trailers-only response's status moved there. */
  private trailerFields: Record<string, string> | null = null;
  private cancelled = false;
  private backoffTimer: NodeJS.Timeout | undefined;
  /** `address:port` of the last attempt's endpoint (live tap samples carry it). */
  upstream: string | null = null;

  constructor(private readonly ctx: ForwardContext) {}

  /** Starts the next attempt. */
  start(): void {
    const ctx = this.ctx;
    this.attempt++;
    const ep = ctx.runtime.balancer.pick(ctx.runtime.endpoints, {
      hashKey: ctx.hashKey,
      random: ctx.random(),
      now: Date.now(),
    });
    if (!ep) return this.fail(503, "no healthy upstream\n");
    this.upstream = `${ep.address}:${ep.port}`;
    const remaining = ctx.deadline - performance.now();
    const perTry = ctx.rule.retries?.perTryTimeoutMs;
    const timeoutMs = Number.isFinite(remaining) ? Math.max(1, Math.min(remaining, perTry ?? Infinity)) : perTry;
    ep.active++;
    const a: UpstreamAttempt = ctx.http2
      ? new H2Attempt(this, ep, ep.settings.tls ? "https" : "http")
      : new Attempt(this, ep);
    this.current = a;
    a.start(ctx.method, ctx.path, ctx.headers, ctx.body, timeoutMs);
  }

  /** The client went away: stop whatever upstream work is running or scheduled. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    clearTimeout(this.backoffTimer);
    this.current?.abort();
  }

  onResponse(a: UpstreamAttempt, status: number, raw: Buffer[], statusText: string): boolean {
    const ctx = this.ctx;
    recordOutcome(
      a.ep,
      ctx.runtime.endpoints,
      status >= 500,
      ctx.runtime.cluster.trafficPolicy?.outlierDetection,
      Date.now(),
    );
    if (this.cancelled) {
      a.ep.active--;
      return false;
    }
    let headers = downstreamResponseHeaders(raw);
    // A status in the head is a trailers-only response (the call failed or ended without messages).
    const grpcStatus = ctx.grpc ? grpcStatusIn(headers) : -1;
    if (this.retryAfter({ kind: "response", res: { statusCode: status, grpcStatus } })) return false;
    if (grpcStatus >= 0) {
      ctx.outcome.grpcStatus = grpcStatus;
      // node sends no trailers-only response through the compat API: the status follows as trailers instead.
      if (isHttp2Response(ctx.res)) headers = this.moveStatusToTrailers(headers);
    }
    applyHeaderOps(headers, ctx.rule.responseHeaders);
    applyHeaderOps(headers, ctx.destinationResponseHeaders);
    const res = ctx.res;
    if (ctx.preset) {
      // setHeader semantics: the upstream's value replaces one set earlier under the same name.
      const obj = toHeaderObject(headers);
      obj["x-request-id"] ??= ctx.requestId;
      obj["x-signalbox-upstream"] = ctx.runtime.name;
      res.writeHead(status, statusText || undefined, obj);
    } else {
      if (!hasHeader(headers, "x-request-id")) headers.push("x-request-id", ctx.requestId);
      headers.push("x-signalbox-upstream", ctx.runtime.name);
      res.writeHead(status, statusText || undefined, headers);
    }
    return true;
  }

  onFailure(a: UpstreamAttempt, result: AttemptResult & { kind: "failure" }): void {
    const ctx = this.ctx;
    a.ep.active--;
    if (this.cancelled) return;
    if (!this.staleRetried && result.reason === "reset" && result.reusedSocket && this.mayReplay(result)) {
      // The upstream closed an idle pooled socket as we reused it: not the endpoint's fault, not an attempt.
      this.staleRetried = true;
      this.attempt--;
      // Next turn: undici has then finished with the dead socket, and its client reconnects instead of
      // the pool handing the retry to another idle socket that may be just as stale.
      setImmediate(() => this.cancelled || this.start());
      return;
    }
    recordOutcome(a.ep, ctx.runtime.endpoints, true, ctx.runtime.cluster.trafficPolicy?.outlierDetection, Date.now());
    if (this.retryAfter(result)) return;
    const reason = result.reason === "timeout" || ctx.deadline - performance.now() <= 0 ? "timeout" : result.reason;
    const [status, text] = FAILURE_STATUS[reason];
    // A TLS failure says which check failed (as Envoy's TLS_error does): the operator's clue, no secret in it.
    this.fail(status, reason === "tls" ? `upstream TLS error: ${result.error.message}\n` : text);
  }

  write(chunk: Buffer, resume: () => void): boolean {
    const res = this.ctx.res;
    if (res.write(chunk)) return true;
    res.once("drain", resume);
    return false;
  }

  trailers(raw: Buffer[]): void {
    const fields = (this.trailerFields ??= {});
    for (let i = 0; i < raw.length; i += 2)
      fields[raw[i]!.toString("latin1").toLowerCase()] = raw[i + 1]!.toString("latin1");
    if (this.ctx.grpc && fields["grpc-status"] !== undefined)
      this.ctx.outcome.grpcStatus = grpcCode(fields["grpc-status"]);
  }

  end(ok: boolean): void {
    const a = this.current!;
    a.ep.active--;
    // An upstream that died mid-body cannot be reported with a status any more: cut the client off too.
    if (!ok) return void this.ctx.res.destroy();
    if (this.trailerFields !== null) this.ctx.res.addTrailers(this.trailerFields);
    this.ctx.res.end();
  }

  private moveStatusToTrailers(headers: RawHeaders): RawHeaders {
    const kept: RawHeaders = [];
    const fields = (this.trailerFields ??= {});
    for (let i = 0; i < headers.length; i += 2) {
      const lower = headers[i]!.toLowerCase();
      if (GRPC_STATUS_FIELDS.has(lower)) fields[lower] = headers[i + 1]!;
      else kept.push(headers[i]!, headers[i + 1]!);
    }
    return kept;
  }

  /**
   * A reset on a reused socket may be the upstream closing an idle one as we wrote: the request may or may not
   * have been processed. Sent again only when that is harmless (an idempotent method) or the rule's retry policy
   * says so (Envoy and undici do not replay a POST on their own either), and only with a replayable body.
   */
  private mayReplay(result: AttemptResult): boolean {
    const ctx = this.ctx;
    if (ctx.body.kind === "stream") return false;
    if (IDEMPOTENT.has(ctx.method)) return true;
    const policy = ctx.rule.retries;
    return (policy?.attempts ?? 0) > 0 && isRetriable(result, policy?.retryOn);
  }

  /** Schedules another attempt when the policy allows one; a dropped response's body is drained by undici. */
  private retryAfter(result: AttemptResult): boolean {
    const ctx = this.ctx;
    const policy = ctx.rule.retries;
    const maxAttempts = ctx.body.kind === "stream" ? 1 : 1 + (policy?.attempts ?? 0);
    if (this.attempt >= maxAttempts || ctx.deadline - performance.now() <= 0 || !isRetriable(result, policy?.retryOn))
      return false;
    if (result.kind === "response") this.current!.ep.active--;
    // Full jitter over an exponential window capped at 10× base, as Envoy does.
    const base = policy?.backoffBaseMs ?? 25;
    const windowMs = Math.min(base * 2 ** (this.attempt - 1), base * 10);
    this.current = null;
    this.backoffTimer = setTimeout(() => {
      if (!this.cancelled) this.start();
    }, ctx.random() * windowMs);
    return true;
  }

  /** A status of our own, with the request id and the chosen cluster; a gRPC call gets it as a grpc-status. */
  private fail(status: number, text: string): void {
    const res = this.ctx.res;
    if (this.ctx.grpc) {
      const code = status === 504 ? GRPC_DEADLINE_EXCEEDED : GRPC_UNAVAILABLE;
      this.ctx.outcome.grpcStatus = code;
      const ids = { "x-request-id": this.ctx.requestId, "x-signalbox-upstream": this.ctx.runtime.name };
      return sendGrpcStatus(res, code, text.trim(), ids);
    }
    if (!res.headersSent) {
      res.setHeader("x-request-id", this.ctx.requestId);
      res.setHeader("x-signalbox-upstream", this.ctx.runtime.name);
    }
    sendText(res, status, text);
  }
}
