import { randomUUID } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { matchRequest, pickWeighted } from "../../lib/core/routing/index.ts";
import type { ConfigHolder } from "../config/active-config.ts";
import type { Logger } from "../log.ts";
import { scanRequest, upstreamRequestHeaders } from "../headers/request.ts";
import { matchInfoOf } from "./match-info.ts";

/** Raw status line for refusals on an upgrade socket (there is no ServerResponse there). */
function refuse(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * Upgrade pass-through (WebSocket): route like any request, open the upstream with the Upgrade headers kept,
 * relay the 101 and then splice the two sockets. Faults, retries and rewrites do not apply to upgrades.
 */
export function createUpgradeHandler(holder: ConfigHolder, random: () => number, log: Logger) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => socket.destroy());
    const cfg = holder.current;
    if (!cfg) return refuse(socket, 503, "no configuration yet");
    const scan = scanRequest(req.rawHeaders);
    const entry = matchRequest(cfg.table, matchInfoOf(req, scan.host, cfg.table.usesQuery));
    if (!entry || entry.clusters.length === 0) return refuse(socket, 404, "no route");
    const idx = pickWeighted(entry.cumulative, random());
    if (idx === -1) return refuse(socket, 503, "no destination");
    const runtime = cfg.clusters.get(entry.clusters[idx]!)!;
    const ep = runtime.balancer.pick(runtime.endpoints, { hashKey: undefined, random: random(), now: Date.now() });
    if (!ep) return refuse(socket, 503, "no healthy upstream");
    const headers = upstreamRequestHeaders(req.rawHeaders, {
      host: scan.host,
      clientIp: req.socket.remoteAddress,
      requestId: scan.requestId || randomUUID(),
      // http.request adds no Host of its own to a raw header list; node's default for a request without one.
      authority: scan.host === "" ? `${ep.address}:${ep.port}` : undefined,
      upgrade: true,
    });
    // Upgraded sockets leave the pool for good, so they do not use the keep-alive agent.
    const path = req.url ?? "/";
    const up = http.request({ host: ep.address, port: ep.port, method: req.method, path, headers, agent: false });
    up.on("upgrade", (upRes, upSocket, upHead) => {
      let response = `HTTP/1.1 101 Switching Protocols\r\n`;
      for (let i = 0; i < upRes.rawHeaders.length; i += 2)
        response += `${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}\r\n`;
      response += `x-signalbox-upstream: ${runtime.name}\r\n\r\n`;
      socket.write(response);
      if (upHead.length > 0) socket.write(upHead);
      if (head.length > 0) upSocket.write(head);
      upSocket.on("error", () => socket.destroy());
      socket.on("close", () => upSocket.destroy());
      upSocket.on("close", () => socket.destroy());
      upSocket.pipe(socket);
      socket.pipe(upSocket);
    });
    up.on("response", (upRes) => {
      // The upstream declined the upgrade: relay its answer as is and close.
      // The body arrives de-chunked and ends with the connection, so framing headers are dropped.
      let response = `HTTP/1.1 ${upRes.statusCode} ${upRes.statusMessage}\r\n`;
      for (let i = 0; i < upRes.rawHeaders.length; i += 2) {
        const name = upRes.rawHeaders[i]!.toLowerCase();
        if (name === "transfer-encoding" || name === "connection" || name === "content-length") continue;
        response += `${upRes.rawHeaders[i]}: ${upRes.rawHeaders[i + 1]}\r\n`;
      }
      socket.write(`${response}connection: close\r\n\r\n`);
      upRes.pipe(socket);
    });
    up.on("error", (e) => {
      log.debug("upgrade upstream failed", { error: String(e) });
      refuse(socket, 503, "upstream connect error");
    });
    socket.on("close", () => up.destroy());
    up.end();
  };
}
