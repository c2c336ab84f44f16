import http2 from "node:http2";
import type { EndpointState } from "../upstream/endpoint.ts";
import type { RawHeaders } from "../headers/ops.ts";
import { AttemptTimeout, classify, type AttemptOwner, type Body } from "./attempt.ts";

const { NGHTTP2_CANCEL, NGHTTP2_NO_ERROR } = http2.constants;

/**
 * One upstream attempt over the endpoint's HTTP/2 session (service ports HTTP2 and GRPC), with the owner
 * interface of the HTTP/1.1 Attempt: headers, body chunks with backpressure, trailers, end or failure.
 */
export class H2Attempt {
  private stream: http2.ClientHttp2Stream | null = null;
  private timer: NodeJS.Timeout | undefined;
  private headers = false;
  private relaying = false;
  private done = false;

  constructor(
    private readonly owner: AttemptOwner,
    readonly ep: EndpointState,
    /** `:scheme` of the upstream request: https when the endpoint is reached over TLS. */
    private readonly scheme: "http" | "https",
  ) {}

  start(method: string, path: string, raw: RawHeaders, body: Body, timeoutMs: number | undefined): void {
    if (timeoutMs !== undefined) this.timer = setTimeout(() => this.abort(new AttemptTimeout()), timeoutMs);
    let session: http2.ClientHttp2Session;
    try {
      session = this.ep.h2Session();
    } catch (e) {
      return this.onError(e as Error);
    }
    const head: http2.OutgoingHttpHeaders = { ":method": method, ":path": path, ":scheme": this.scheme };
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const value = raw[i + 1]!;
      if (name === "host") head[":authority"] = value;
      else {
        const prev = head[name];
        head[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [String(prev), value];
      }
    }
    // gRPC servers expect it (it says the client reads trailers); HTTP/2 allows no other TE value.
    if (String(head["content-type"] ?? "").startsWith("application/grpc")) head.te = "trailers";
    let stream: http2.ClientHttp2Stream;
    try {
      stream = session.request(head, { endStream: body.kind === "none" });
    } catch (e) {
      return this.onError(e as Error);
    }
    this.stream = stream;
    stream.on("response", (h) => this.onHeaders(h));
    stream.on("data", (chunk: Buffer) => {
      if (this.relaying && !this.owner.write(chunk, () => stream.resume())) stream.pause();
    });
    stream.on("trailers", (t) => this.owner.trailers?.(toRaw(t)));
    stream.on("end", () => this.onComplete());
    stream.on("error", (e) => this.onError(e));
    // A stream reset without an error event (RST_STREAM from the upstream) still ends the attempt.
    stream.on("close", () => {
      if (!this.done) this.onError(resetError(stream.rstCode));
    });
    if (body.kind === "buffered") stream.end(body.data);
    else if (body.kind === "stream") {
      for (const c of body.head) stream.write(c);
      body.head = [];
      body.source.pipe(stream);
    }
  }

  abort(err: Error = new Error("aborted")): void {
    if (this.done) return;
    this.stream?.close(NGHTTP2_CANCEL);
    this.onError(err);
  }

  private onHeaders(h: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader): void {
    const status = Number(h[":status"] ?? 0);
    if (status < 200 || this.done) return;
    clearTimeout(this.timer);
    this.headers = true;
    this.relaying = this.owner.onResponse(this, status, toRaw(h), "");
    // A response dropped for a retry: the stream is of no further use.
    if (!this.relaying) {
      this.done = true;
      this.stream?.close(NGHTTP2_CANCEL);
    }
  }

  private onComplete(): void {
    if (this.done) return;
    this.done = true;
    if (this.relaying) this.owner.end(true);
  }

  private onError(err: Error): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    if (!this.headers) this.owner.onFailure(this, classify(rootCause(err)));
    else if (this.relaying) this.owner.end(false);
  }
}

/** Header fields as the raw Buffer pairs the forwarder takes from undici, pseudo-headers left out. */
function toRaw(h: http2.IncomingHttpHeaders): Buffer[] {
  const out: Buffer[] = [];
  for (const [name, value] of Object.entries(h)) {
    if (name.charCodeAt(0) === 58 /* : */ || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value])
      out.push(Buffer.from(name, "latin1"), Buffer.from(v, "latin1"));
  }
  return out;
}

function resetError(code: number | undefined): Error {
  const e = new Error(`upstream stream reset (HTTP/2 error ${code ?? NGHTTP2_NO_ERROR})`) as NodeJS.ErrnoException;
  e.code = "ERR_HTTP2_STREAM_RESET";
  return e;
}

/**
 * A stream queued on a session that failed to connect is cancelled with the session's error as its cause
 * (ERR_HTTP2_STREAM_CANCEL): the cause (ECONNREFUSED, a TLS failure) is what the failure is.
 */
function rootCause(err: Error): Error {
  const e = err as NodeJS.ErrnoException & { cause?: unknown };
  return e.code === "ERR_HTTP2_STREAM_CANCEL" && e.cause instanceof Error ? e.cause : err;
}
