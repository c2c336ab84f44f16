import http from "node:http";
import https from "node:https";
import http2 from "node:http2";
import type { AddressInfo, Server as NetServer, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "./log.ts";

/** Request head limit: node's own default, made explicit (nginx allows 4 × 8 KiB, Envoy 60 KiB). */
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

export interface ListenerOptions {
  host: string;
  port: number;
  /** Slowloris guard: the whole header block must arrive within this time (node answers 408). */
  headersTimeoutMs: number;
  /** Whole request (headers and body) from the client. */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Largest request head (request line and headers) accepted; larger ones get 431. */
  maxHeaderBytes: number;
  /** Downstream connections at once (per process); more are closed at accept. Undefined: no limit. */
  maxConnections?: number;
  /** Downstream connections at once from one client address; more are closed at accept. */
  maxConnectionsPerClient?: number;
  log: Logger;
  /** An HTTPS listener: the TLS server options (SNICallback, contexts, client certificates). */
  tls?: https.ServerOptions;
  /** A TLS handshake failed (counted, logged at debug). */
  onTlsError?(err: Error, socket: Socket): void;
  /** HTTP/2 downstream: h2 by ALPN on an HTTPS listener (HTTP/1.1 still offered), h2c with prior knowledge on HTTP. */
  http2?: boolean;
}

/** The server under a listener: node's http.Server, or https.Server for an HTTPS listener. */
export type ListenerServer = http.Server | https.Server;

export interface Listener {
  server: ListenerServer;
  port: number;
  /** Requests being handled right now (drain waits for these). */
  inFlight(): number;
  close(graceMs: number): Promise<void>;
}

/** The downstream HTTP server: timeouts, framing errors, in-flight tracking for a graceful drain. */
export async function startListener(
  o: ListenerOptions,
  handler: { handle: http.RequestListener; inFlight(): number },
  onUpgrade: (server: ListenerServer, req: http.IncomingMessage, socket: Duplex, head: Buffer) => void,
): Promise<Listener> {
  let draining = false;
  const onRequest = handler.handle;
  const httpOptions = {
    headersTimeout: o.headersTimeoutMs,
    requestTimeout: o.requestTimeoutMs,
    keepAliveTimeout: o.keepAliveTimeoutMs,
    maxHeaderSize: o.maxHeaderBytes,
    // node checks the two timeouts on this period; the default (30 s) would make short timeouts meaningless.
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(o.headersTimeoutMs / 4))),
  };
  const onReq = (req: http.IncomingMessage, res: http.ServerResponse) => {
    // In-flight accounting lives in the handler's single 'close' listener per request.
    if (draining) res.shouldKeepAlive = false;
    onRequest(req, res);
  };
  const h2 = o.http2 === true ? new Http2Downstream(onReq, o.headersTimeoutMs) : null;
  const server: ListenerServer = o.tls
    ? h2
      ? h2.secureServer(httpOptions, o.tls)
      : https.createServer({ ...httpOptions, ...o.tls }, onReq)
    : http.createServer(httpOptions, onReq);
  if (h2 && !o.tls) h2.acceptPriorKnowledge(server);
  if (o.tls) {
    const onTlsError = o.onTlsError;
    server.on("tlsClientError", (err: Error, socket: Socket) => {
      onTlsError?.(err, socket);
      socket.destroy();
    });
  }
  limitConnections(server, o);
  // Upgraded sockets leave node's HTTP connection tracking; keep them to close them on shutdown.
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    onUpgrade(server, req, socket, head);
  });
  // Malformed requests (conflicting Content-Length, CL + TE, bad chunking) never reach the handler.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    // A response already under way (e.g. streaming while the request body trickled past requestTimeout)
    // cannot take a second status line: cut the connection, as node's default handler does.
    const current = (socket as Duplex & { _httpMessage?: http.ServerResponse | null })._httpMessage;
    if (!socket.writable || current?.headersSent) return socket.destroy();
    const [status, text] =
      err.code === "ERR_HTTP_REQUEST_TIMEOUT" || err.code === "ERR_HTTP_HEADERS_TIMEOUT"
        ? [408, "request timeout"]
        : err.code === "HPE_HEADER_OVERFLOW"
          ? [431, `request headers larger than ${o.maxHeaderBytes} bytes`]
          : [400, "bad request"];
    const body = `${text}\n`;
    o.log.debug("client error", { code: err.code, error: err.message });
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    inFlight: () => handler.inFlight(),
    async close(graceMs: number) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      h2?.goAway();
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (handler.inFlight() > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
        server.closeIdleConnections();
      }
      // node's HTTP/2 server has no closeAllConnections: its sessions' sockets are cut by Http2Downstream.
      if (typeof server.closeAllConnections === "function") server.closeAllConnections();
      h2?.destroyAll();
      for (const s of upgraded) s.destroy();
      await closed;
    },
  };
}

/**
 * Downstream connection limits (Envoy's listener `max_connections`, nginx's `limit_conn` per address): node closes
 * connections over `maxConnections` at accept; a client address over its share is closed before node reads from
 * it. A connection handed back by the upgrade listener ('connection' emitted again) is not counted twice.
 */
function limitConnections(server: NetServer, o: ListenerOptions): void {
  if (o.maxConnections !== undefined) {
    server.maxConnections = o.maxConnections;
    server.on("drop", (d?: { remoteAddress?: string }) =>
      o.log.debug("connection refused: max connections", { client: d?.remoteAddress }),
    );
  }
  const perClient = o.maxConnectionsPerClient;
  if (perClient === undefined) return;
  const counts = new Map<string, number>();
  const counted = new WeakSet<Socket>();
  server.prependListener("connection", (socket: Socket) => {
    if (counted.has(socket)) return;
    counted.add(socket);
    const client = socket.remoteAddress ?? "";
    const n = counts.get(client) ?? 0;
    if (n >= perClient) {
      o.log.debug("connection refused: max connections per client", { client });
      return void socket.destroy();
    }
    counts.set(client, n + 1);
    socket.once("close", () => {
      const left = (counts.get(client) ?? 1) - 1;
      if (left === 0) counts.delete(client);
      else counts.set(client, left);
    });
  });
}

/** The HTTP/1.1 preface check: an h2c client with prior knowledge opens with `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`. */
const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/**
 * The HTTP/2 side of a listener. node's compat API hands requests over as Http2ServerRequest/Response, which the
 * pipeline uses as IncomingMessage/ServerResponse; their rawHeaders are rewritten once (pseudo-headers dropped,
 * `:authority` as Host) so the pipeline reads an HTTP/2 head as it reads an HTTP/1.1 one. Also the sidecar inbound's HTTP/2 side (sidecar/inbound.ts).
 */
export class Http2Downstream {
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly sockets = new Set<Duplex>();
  private readonly onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => void;

  constructor(
    onReq: (req: http.IncomingMessage, res: http.ServerResponse) => void,
    private readonly firstByteTimeoutMs: number,
  ) {
    this.onRequest = (req, res) => {
      if (req.httpVersionMajor === 2) normalizeHttp2Head(req);
      onReq(req, res);
    };
  }

  private track(server: NetServer): void {
    server.on("session", (session: http2.ServerHttp2Session) => {
      this.sessions.add(session);
      session.once("close", () => this.sessions.delete(session));
    });
  }

  /** h2 and HTTP/1.1 on one TLS port, chosen by ALPN; the HTTP/1.1 side keeps the listener's timeouts. */
  secureServer(
    httpOptions: {
      headersTimeout: number;
      requestTimeout?: number;
      keepAliveTimeout: number;
      maxHeaderSize?: number;
      connectionsCheckingInterval?: number;
    },
    tlsOptions: https.ServerOptions,
  ): https.Server {
    const server = http2.createSecureServer(
      { ...(tlsOptions as http2.SecureServerOptions), allowHTTP1: true },
      this.onRequest as never,
    );
    // node reads these from the server object for its HTTP/1.1 connections (allowHTTP1).
    Object.assign(server, httpOptions);
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    this.track(server);
    return server as unknown as https.Server;
  }

  /**
   * h2c with prior knowledge on a plain port: the first bytes of a connection decide. node's own HTTP/1.1
   * connection listener is called for everything else, so the HTTP/1.1 path keeps its parser and timeouts; the
   * peek costs one 'data' event per connection, none per request.
   */
  acceptPriorKnowledge(server: http.Server): void {
    const h2c = http2.createServer({}, this.onRequest as never);
    this.track(h2c);
    const httpListeners = server.listeners("connection") as ((socket: Socket) => void)[];
    const nodeListener = httpListeners[httpListeners.length - 1]!;
    server.off("connection", nodeListener);
    server.on("connection", (socket: Socket) => {
      if (socket.destroyed) return;
      // Until the first byte node's header timeout does not watch the socket yet: this one does.
      socket.setTimeout(this.firstByteTimeoutMs, () => socket.destroy());
      // A client that goes away before sending anything: node's HTTP server allows half-open sockets, and nothing
      // reads this one yet, so without this it would hold its connection slot (maxConnections) until the timeout.
      const gone = () => socket.destroy();
      socket.once("end", gone);
      socket.once("data", (first: Buffer) => {
        socket.off("end", gone);
        socket.setTimeout(0);
        socket.pause();
        socket.unshift(first);
        if (first.length >= 3 && first[0] === 0x50 && first[1] === 0x52 && first[2] === 0x49 && isPreface(first)) {
          this.sockets.add(socket);
          socket.once("close", () => this.sockets.delete(socket));
          // node's HTTP/2 session reads what is buffered on the socket first, then from its handle.
          h2c.emit("connection", socket);
        } else {
          nodeListener.call(server, socket);
          socket.resume();
        }
      });
    });
  }

  /** Draining: every session is told to finish its streams and take no new ones (GOAWAY). */
  goAway(): void {
    for (const s of this.sessions) s.close();
  }

  destroyAll(): void {
    for (const s of this.sessions) s.destroy();
    for (const s of this.sockets) s.destroy();
  }
}

/** A first packet shorter than the preface that matches as far as it goes is taken as one (clients send it whole). */
function isPreface(first: Buffer): boolean {
  const n = Math.min(first.length, H2_PREFACE.length);
  return first.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
}

/**
 * The pipeline reads rawHeaders only: without pseudo-headers, with the `:authority` as Host when none is sent, and
 * with the body's framing as HTTP/1.1 would state it (dropped again as hop-by-hop before the upstream).
 */
function normalizeHttp2Head(req: http.IncomingMessage): void {
  const raw = req.rawHeaders;
  const out: string[] = [];
  let authority = "";
  let host = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.charCodeAt(0) === 58 /* : */) {
      if (name === ":authority") authority = raw[i + 1]!;
      continue;
    }
    if (name === "host") host = true;
    out.push(name, raw[i + 1]!);
  }
  if (!host && authority !== "") {
    out.unshift("host", authority);
    // The port's host check (listener-set.ts) and upgrade handling read req.headers.host.
    req.headers.host = authority;
  }
  // A body of unknown length (gRPC sends no content-length) reads to the pipeline as HTTP/1.1's chunked one does.
  const stream = (req as unknown as { stream: http2.ServerHttp2Stream }).stream;
  if (!stream.endAfterHeaders && !out.some((v, i) => i % 2 === 0 && v === "content-length"))
    out.push("transfer-encoding", "chunked");
  Object.defineProperty(req, "rawHeaders", { value: out });
}
