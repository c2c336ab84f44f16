import http, { type IncomingMessage } from "node:http";
import type { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import type { Duplex } from "node:stream";
import { matchRequest, parseRequestTarget } from "../../lib/core/routing/index.ts";
import type { ConfigHolder } from "../config/active-config.ts";
import { scanRequest } from "../headers/request.ts";
import type { RequestHandler } from "./handler.ts";
import { matchInfoOf } from "./match-info.ts";
import type { RequestPolicy } from "./request-policy.ts";

/** Istio's default: WebSocket upgrades are allowed on every route, nothing else unless the rule lists it. */
const DEFAULT_UPGRADES: readonly string[] = ["websocket"];

export interface UpgradeDeps {
  holder: ConfigHolder;
  handler: RequestHandler;
  policy: RequestPolicy;
  /** The gateway listener port of a local port (they differ under `--port-map`), as the request handler has it. */
  listenerPort?: (localPort: number) => number;
}

/**
 * node's server hands every request with `Connection: upgrade` + `Upgrade` to its 'upgrade' listener, outside the
 * request pipeline. This listener puts each one back on a pipeline: an upgrade the matched rule lets through
 * (`upgrades`, WebSocket by default; a GET for WebSocket; never with a body) runs the whole request lifecycle on a
 * response made on its socket, with a tunnel as its last step (tunnel.ts). Any other one is handed back to the
 * HTTP server as the same request without its Upgrade (re-parsed by node, body and keep-alive included): served as
 * plain HTTP, every policy and metric applying.
 */
export function createUpgradeListener(deps: UpgradeDeps) {
  return (server: EventEmitter, req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => socket.destroy());
    if (!tunnelAllowed(deps, req)) return reinject(server, req, socket, head);
    const res = new http.ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    // A local answer (fault, direct response, a declined upgrade…) ends the connection, as `Connection: close` says.
    res.once("finish", () => (socket as Socket).destroySoon());
    deps.handler.handleUpgrade(req, res, { socket, head, idleMs: deps.policy.upgradeIdleTimeoutMs });
  };
}

/** The rule that will serve `req` lets every protocol it offers through, and the request is body-less. */
function tunnelAllowed(deps: UpgradeDeps, req: IncomingMessage): boolean {
  const cfg = deps.holder.current;
  const scan = scanRequest(req.rawHeaders);
  const hasBody = scan.transferEncoding || (scan.contentLength !== undefined && scan.contentLength !== "0");
  if (cfg === null || hasBody || scan.hostCount !== 1) return false;
  const offered = offeredProtocols(req.rawHeaders);
  if (offered.length === 0 || (offered.includes("websocket") && req.method !== "GET")) return false;
  const target = parseRequestTarget(req.url ?? "/", scan.host, deps.policy.paths);
  if ("rejected" in target) return false;
  const table = cfg.table;
  // The same rule the pipeline will pick: listener-port bound hosts and port matches need the listener port.
  const local = req.socket.localPort;
  const port =
    local !== undefined && (table.ports.size > 0 || table.usesPort) ? (deps.listenerPort?.(local) ?? local) : undefined;
  const info = matchInfoOf(
    req,
    scan.host,
    target.path,
    target.query,
    table.usesQuery,
    table.usesPort ? port : undefined,
  );
  const entry = matchRequest(table, info, port);
  if (entry === null) return false;
  const allowed = entry.rule.upgrades?.map((p) => p.toLowerCase()) ?? DEFAULT_UPGRADES;
  return offered.every((p) => allowed.includes(p));
}

/** The protocols of every Upgrade field, lower-cased. */
function offeredProtocols(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2)
    if (raw[i]!.toLowerCase() === "upgrade")
      for (const p of raw[i + 1]!.split(",")) if (p.trim() !== "") out.push(p.trim().toLowerCase());
  return out;
}

/**
 * Gives the connection back to node's HTTP server (its documented 'connection' injection) with the request head
 * re-written without Upgrade and without the `upgrade` Connection token, followed by the bytes that came after it:
 * node parses that as an ordinary request, body framing and later requests on the connection included.
 */
function reinject(server: EventEmitter, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  let text = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (lower === "upgrade") continue;
    let value = raw[i + 1]!;
    if (lower === "connection") {
      value = value
        .split(",")
        .map((t) => t.trim())
        .filter((t) => t !== "" && t.toLowerCase() !== "upgrade")
        .join(", ");
      if (value === "") continue;
    }
    text += `${name}: ${value}\r\n`;
  }
  socket.unshift(Buffer.concat([Buffer.from(`${text}\r\n`, "latin1"), head]));
  // An HTTPS listener's HTTP parser sits behind TLS: it takes the decrypted socket as a 'secureConnection'.
  server.emit(socket instanceof TLSSocket ? "secureConnection" : "connection", socket);
}
