import http from "node:http";
import https from "node:https";

/** Set on every request from the socket's remote address; whatever a client sent under this name is replaced. */
export const PEER_HEADER = "x-signalbox-peer";

const FORWARDED = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded"];
const installed = Symbol.for("signalbox.peerHeader");

/**
 * Route handlers get a WHATWG Request without the socket, and Next.js keeps a client's own X-Forwarded-For
 * instead of the real peer. So the Node server's "request" event is intercepted once per process: the peer
 * address is stamped in PEER_HEADER and, unless proxies are trusted, the client's X-Forwarded-* are dropped
 * (Next.js then fills them from the socket). Envoy does the same with `use_remote_address`.
 */
export function installPeerHeader(trustedHops: number): void {
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as unknown as Record<symbol, boolean> & { emit: (...a: unknown[]) => boolean };
    if (proto[installed]) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: unknown, ...args: unknown[]) {
      if (event === "request") stamp(args[0] as http.IncomingMessage, trustedHops);
      return emit.call(this, event, ...args);
    };
    proto[installed] = true;
  }
}

function stamp(req: http.IncomingMessage, trustedHops: number): void {
  req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "unknown";
  if (trustedHops === 0) for (const name of FORWARDED) delete req.headers[name];
}
