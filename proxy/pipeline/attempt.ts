import { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import type { EndpointState } from "../upstream/endpoint.ts";
import type { RawHeaders } from "../headers/ops.ts";

/** The request body as the forwarder holds it: none, fully buffered (retriable), or streaming (not retriable). */
export type Body =
  { kind: "none" } | { kind: "buffered"; data: Buffer } | { kind: "stream"; head: Buffer[]; source: Readable };

export type FailureReason = "connect-failure" | "tls" | "reset" | "timeout";

/** What an attempt came to before any body byte reached the client: the retry decision's input. */
export type AttemptResult =
  | { kind: "response"; res: { statusCode: number; grpcStatus?: number } }
  | { kind: "failure"; reason: FailureReason; error: Error; reusedSocket: boolean };

/** One upstream attempt, over HTTP/1.1 (Attempt, undici) or HTTP/2 (H2Attempt, node:http2). */
export interface UpstreamAttempt {
  readonly ep: EndpointState;
  start(method: string, path: string, headers: RawHeaders, body: Body, timeoutMs: number | undefined): void;
  abort(err?: Error): void;
}

/** The forwarder's side of one attempt (see forwarder.ts). */
export interface AttemptOwner {
  /** Response headers arrived; returns whether the body is relayed (true) or drained and dropped (false). */
  onResponse(a: UpstreamAttempt, status: number, raw: Buffer[], statusText: string): boolean;
  /** No response: connect failure, reset, timeout. */
  onFailure(a: UpstreamAttempt, result: AttemptResult & { kind: "failure" }): void;
  /** Trailers of a relayed response (gRPC's grpc-status), before end(true). */
  trailers?(raw: Buffer[]): void;
  /** A body chunk being relayed; false asks undici to pause until resume(). */
  write(chunk: Buffer, resume: () => void): boolean;
  /** The relayed response ended (ok) or was cut (error after the headers). */
  end(ok: boolean): void;
}

export class AttemptTimeout extends Error {
  constructor() {
    super("upstream timeout");
  }
}

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Upstream TLS failures (verification, identity, handshake, a missing credential): 503 with the reason. */
const TLS_CODE = /^ERR_TLS_|^ERR_SSL_|^ERR_UPSTREAM_TLS|CERT|SIGNATURE|^UNABLE_TO_/;

export function classify(error: Error): AttemptResult & { kind: "failure" } {
  if (error instanceof AttemptTimeout) return { kind: "failure", reason: "timeout", error, reusedSocket: false };
  const e = error as NodeJS.ErrnoException & { socket?: { bytesRead?: number } };
  if (e.code !== undefined && TLS_CODE.test(e.code))
    return { kind: "failure", reason: "tls", error, reusedSocket: false };
  if (e.syscall === "connect" || (e.code !== undefined && CONNECT_CODES.has(e.code)))
    return { kind: "failure", reason: "connect-failure", error, reusedSocket: false };
  // undici's SocketError carries the socket's counters: bytes read before this request mean a reused socket.
  return { kind: "failure", reason: "reset", error, reusedSocket: (e.socket?.bytesRead ?? 0) > 0 };
}

async function* concat(head: Buffer[], source: Readable): AsyncGenerator<Buffer> {
  for (const c of head) yield c;
  for await (const c of source) yield c as Buffer;
}

function dispatchBody(body: Body): Dispatcher.DispatchOptions["body"] {
  if (body.kind === "none") return null;
  if (body.kind === "buffered") return body.data;
  // undici pauses the client's stream while the upstream socket is full: backpressure on the upload.
  const head = body.head;
  body.head = [];
  return head.length === 0 ? body.source : Readable.from(concat(head, body.source), { objectMode: false });
}

/**
 * One upstream attempt as an undici dispatch handler (the raw-header callback API): no ClientRequest,
 * IncomingMessage or stream objects. Phases: waiting for headers → relaying or draining → done.
 */
export class Attempt implements UpstreamAttempt {
  private abortFn: ((e: Error) => void) | null = null;
  private pendingAbort: Error | null = null;
  private timer: NodeJS.Timeout | undefined;
  private resume: () => void = noop;
  /** Headers seen: later errors cut the relayed body instead of failing the attempt. */
  private headers = false;
  private relaying = false;
  private done = false;

  constructor(
    private readonly owner: AttemptOwner,
    readonly ep: EndpointState,
  ) {}

  start(method: string, path: string, headers: RawHeaders, body: Body, timeoutMs: number | undefined): void {
    if (timeoutMs !== undefined) this.timer = setTimeout(() => this.abort(new AttemptTimeout()), timeoutMs);
    const opts: Dispatcher.DispatchOptions = {
      method: method as Dispatcher.HttpMethod,
      path,
      headers,
      body: dispatchBody(body),
      reset: this.ep.resetEach,
    };
    this.ep.pool.dispatch(opts, this as unknown as Dispatcher.DispatchHandler);
  }

  /** Cancels the attempt (client gone, timeout); a response being relayed is cut. */
  abort(err: Error = new Error("aborted")): void {
    if (this.done) return;
    if (this.abortFn !== null) return this.abortFn(err);
    // Not on a socket yet (queued or connecting): settle now, abort when undici hands it over.
    this.pendingAbort = err;
    this.onError(err);
  }

  onConnect(abort: (e: Error) => void): void {
    if (this.pendingAbort !== null) return abort(this.pendingAbort);
    this.abortFn = abort;
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void, statusText: string): boolean {
    if (status < 200 || this.done) return true; // 1xx informational: the final response follows
    clearTimeout(this.timer);
    this.headers = true;
    this.resume = resume;
    this.relaying = this.owner.onResponse(this, status, raw, statusText);
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.relaying ? this.owner.write(chunk, this.resume) : true;
  }

  onComplete(trailers?: Buffer[] | null): void {
    if (this.done) return;
    this.done = true;
    if (!this.relaying) return;
    if (trailers && trailers.length > 0) this.owner.trailers?.(trailers);
    this.owner.end(true);
  }

  onError(err: Error): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    if (!this.headers) this.owner.onFailure(this, classify(err));
    else if (this.relaying) this.owner.end(false);
  }
}

function noop(): void {}

export type Buffered = { complete: true; data: Buffer } | { complete: false; head: Buffer[] };

/**
 * Reads the body until it ends or exceeds `max` bytes. A body that fits can be replayed on retries;
 * a larger one continues as a stream (with what was read so far as its head) and is not retried.
 */
export function bufferUpTo(source: Readable, max: number): Promise<Buffered> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      source.off("data", onData);
      source.off("end", onEnd);
      source.off("error", onError);
      source.off("close", onClose);
    };
    const onData = (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      if (size > max) {
        cleanup();
        source.pause();
        resolve({ complete: false, head: chunks });
      }
    };
    const onEnd = () => {
      cleanup();
      resolve({ complete: true, data: Buffer.concat(chunks, size) });
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    // A client that hangs up mid-upload may emit only 'close'.
    const onClose = () => onError(new Error("client closed before the body ended"));
    source.on("data", onData);
    source.on("end", onEnd);
    source.on("error", onError);
    source.on("close", onClose);
  });
}
