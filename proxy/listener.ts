import http from "node:http";
import https from "node:https";
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
  const server: ListenerServer = o.tls
    ? https.createServer({ ...httpOptions, ...o.tls }, onReq)
    : http.createServer(httpOptions, onReq);
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
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (handler.inFlight() > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
        server.closeIdleConnections();
      }
      server.closeAllConnections();
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
