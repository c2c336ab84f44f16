import http, { type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { applyHeaderOps, hasHeader, toHeaderObject, type RawHeaders } from "../headers/ops.ts";
import { downstreamResponseHeaders } from "../headers/response.ts";
import { recordOutcome } from "../upstream/outlier.ts";
import type { Flight } from "./flight.ts";
import type { ForwardContext } from "./forwarder.ts";
import { sendText } from "./respond.ts";

/** What upgrade.ts hands the pipeline with an upgrade the route lets through. */
export interface UpgradeHandOff {
  /** The client's socket, out of node's HTTP handling; `res` was made on it. */
  socket: Duplex;
  /** Bytes the client sent after the head (the new protocol's first bytes). */
  head: Buffer;
  /** Tunnel idle timeout (no traffic either way). */
  idleMs: number;
}

/**
 * The last step of an upgrade, in place of the forwarder, once the route's whole policy ran: a fresh upstream
 * connection (upgraded sockets leave any pool for good), the upstream's 101 relayed with the rule's response header
 * operations, then both sockets spliced under an idle timeout. An upstream that declines (any other status) is
 * relayed as a plain response. Holds the pool slot until the tunnel closes; cancel() cuts the upstream side.
 */
export function startTunnel(f: Flight, up: ForwardContext, handOff: UpgradeHandOff): { cancel(): void } {
  const runtime = up.runtime;
  const ep = runtime.balancer.pick(runtime.endpoints, { hashKey: up.hashKey, random: up.random(), now: Date.now() });
  if (!ep) {
    fail(f, up, 503, "no healthy upstream\n");
    return { cancel: noop };
  }
  ep.active++;
  let settled = false;
  const settle = (failed: boolean) => {
    if (settled) return;
    settled = true;
    ep.active--;
    recordOutcome(ep, runtime.endpoints, failed, runtime.cluster.trafficPolicy?.outlierDetection, Date.now());
  };
  const headers = up.headers;
  // A raw header list gets no Host from http.request: node's default for a request that came without one.
  if (!hasHeader(headers, "host")) headers.push("host", `${ep.address}:${ep.port}`);
  const request = http.request({
    host: ep.address,
    port: ep.port,
    method: up.method,
    path: up.path,
    headers,
    agent: false,
  });
  let upstream: Socket | null = null;
  const remaining = up.deadline - performance.now();
  const timer = Number.isFinite(remaining)
    ? setTimeout(() => request.destroy(Object.assign(new Error("upstream timeout"), { code: "TIMEOUT" })), remaining)
    : undefined;
  request.on("upgrade", (res: IncomingMessage, socket: Socket, upHead: Buffer) => {
    clearTimeout(timer);
    settle(false);
    upstream = socket;
    if (f.closed) return void socket.destroy();
    handOff.socket.write(switchingHead(res, up));
    f.recordUpgrade();
    splice(handOff, socket, upHead);
  });
  request.on("response", (res: IncomingMessage) => {
    clearTimeout(timer);
    settle(res.statusCode! >= 500);
    relayDeclined(f, up, res);
  });
  request.on("error", (e: NodeJS.ErrnoException) => {
    clearTimeout(timer);
    if (settled) return void handOff.socket.destroy();
    settle(true);
    f.deps.log.debug("upgrade upstream failed", { error: String(e), cluster: runtime.name });
    if (e.code === "TIMEOUT") fail(f, up, 504, "upstream timeout\n");
    else if (e.code === "ECONNREFUSED" || e.syscall === "connect") fail(f, up, 503, "upstream connect error\n");
    else fail(f, up, 502, "upstream reset before response\n");
  });
  request.end();
  return {
    cancel: () => {
      clearTimeout(timer);
      request.destroy();
      upstream?.destroy();
    },
  };
}

/** The 101 as the upstream sent it (Connection and Upgrade included), with the rule's response header operations. */
function switchingHead(res: IncomingMessage, up: ForwardContext): string {
  const headers: RawHeaders = [...res.rawHeaders];
  applyHeaderOps(headers, up.rule.responseHeaders);
  applyHeaderOps(headers, up.destinationResponseHeaders);
  if (!hasHeader(headers, "x-request-id")) headers.push("x-request-id", up.requestId);
  headers.push("x-signalbox-upstream", up.runtime.name);
  let head = `HTTP/1.1 101 ${res.statusMessage || "Switching Protocols"}\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return `${head}\r\n`;
}

/** Both directions piped, either side's end or error closing the other, and no traffic for idleMs closing both. */
function splice(handOff: UpgradeHandOff, upstream: Socket, upHead: Buffer): void {
  const client = handOff.socket as Socket;
  if (upHead.length > 0) client.write(upHead);
  if (handOff.head.length > 0) upstream.write(handOff.head);
  upstream.on("error", () => client.destroy());
  client.on("close", () => upstream.destroy());
  upstream.on("close", () => client.destroy());
  client.setTimeout(handOff.idleMs, () => client.destroy());
  upstream.setTimeout(handOff.idleMs, () => upstream.destroy());
  upstream.pipe(client);
  client.pipe(upstream);
}

/** The upstream declined the upgrade: its answer goes to the client as a plain response (on a closing connection). */
function relayDeclined(f: Flight, up: ForwardContext, res: IncomingMessage): void {
  const out = f.res;
  const headers = downstreamResponseHeaders(res.rawHeaders.map((s) => Buffer.from(s, "latin1")));
  applyHeaderOps(headers, up.rule.responseHeaders);
  applyHeaderOps(headers, up.destinationResponseHeaders);
  if (!hasHeader(headers, "x-request-id")) headers.push("x-request-id", up.requestId);
  headers.push("x-signalbox-upstream", up.runtime.name);
  // An object, not the raw list: `res` may already carry setHeader fields (CORS, the request id).
  out.writeHead(res.statusCode!, res.statusMessage, toHeaderObject(headers));
  res.pipe(out);
  res.on("error", () => out.destroy());
}

function fail(f: Flight, up: ForwardContext, status: number, text: string): void {
  if (!f.res.headersSent) {
    f.presetId();
    f.res.setHeader("x-signalbox-upstream", up.runtime.name);
  }
  sendText(f.res, status, text);
}

function noop(): void {}
