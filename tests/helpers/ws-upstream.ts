import { createHash } from "node:crypto";
import http from "node:http";
import { closeServer } from "./upstreams.ts";
import type { AddressInfo, Socket } from "node:net";

export interface WsUpstream {
  port: number;
  /** Every handshake as it arrived (url, raw headers), in order. */
  handshakes: { url: string; rawHeaders: string[] }[];
  close(): Promise<void>;
}

/**
 * A minimal WebSocket-capable upstream: completes the handshake, then echoes raw bytes upper-cased; a request
 * without an upgrade gets 426.
 */
export async function startWsUpstream(): Promise<WsUpstream> {
  const handshakes: WsUpstream["handshakes"] = [];
  const server = http.createServer((_req, res) => res.writeHead(426).end());
  server.on("upgrade", (req: http.IncomingMessage, socket: Socket) => {
    handshakes.push({ url: req.url ?? "", rawHeaders: [...req.rawHeaders] });
    const accept = createHash("sha1")
      .update(`${req.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.on("data", (c: Buffer) => socket.write(c.toString().toUpperCase()));
    // http.Server sockets are half-open capable: close our side when the proxy closes its side.
    socket.on("end", () => socket.end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    handshakes,
    close: () => closeServer(server),
  };
}
