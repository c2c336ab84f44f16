import "server-only";
import http from "node:http";
import {
  consulCatalogService,
  consulHealthEntry,
  consulServiceTags,
  parseConsulRegistration,
  type HealthStatus,
  type RegistryInstanceView,
} from "@/lib/core/index.ts";
import { env } from "@/lib/server/env.ts";
import { parseGoDuration } from "@/lib/core/index.ts";
import { pokeChecks } from "./check-runner.ts";
import { listInstances } from "./registry-queries.ts";
import { registrySignal } from "./registry-signal.ts";
import {
  checkOwner,
  deregisterInstance,
  instanceService,
  recordCheckResult,
  registerInstance,
  type RegistryActor,
} from "./registry-store.ts";
import { mayWrite, registryCaller, type RegistryCaller } from "./registry-tokens.ts";

/**
 * The Consul-compatible subset of the HTTP API (README: "Consul-compatible API"), on its own port so that Consul
 * clients, scripts and libraries pointed at it work unchanged: the agent's service registration and TTL check
 * updates, the catalog and health reads with blocking queries. Errors are plain text, as Consul's are.
 */

const BODY_LIMIT = 1024 * 1024;
const DEFAULT_WAIT_MS = 5 * 60_000;
const MAX_WAIT_MS = 10 * 60_000;

class ConsulError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const permissionDenied = (what: string) => new ConsulError(403, `Permission denied: ${what}`);

function tokenOf(req: http.IncomingMessage, url: URL): string | null {
  const header = req.headers["x-consul-token"];
  if (typeof header === "string" && header) return header;
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  return m?.[1] ?? url.searchParams.get("token");
}

async function caller(req: http.IncomingMessage, url: URL): Promise<RegistryCaller> {
  const token = tokenOf(req, url);
  // Consul answers an unknown token with 403 "ACL not found", and no token (anonymous, default deny) with 403.
  if (!token) throw permissionDenied("anonymous token lacks permission");
  const who = await registryCaller(token);
  if (!who) throw new ConsulError(403, "ACL not found");
  return who;
}

const actorOf = (who: RegistryCaller): RegistryActor => ({
  name: who.name,
  source: "consul",
  tokenId: who.kind === "registration" ? who.id : null,
});

function requireWrite(who: RegistryCaller, service: string): void {
  if (!mayWrite(who, service))
    throw permissionDenied(`token with AccessorID '${who.name}' lacks permission 'service:write' on "${service}"`);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new ConsulError(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) throw new ConsulError(400, "Request decode failed: EOF");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConsulError(400, `Request decode failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const remoteAddress = (req: http.IncomingMessage) => (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");

/**
 * Blocking query (`?index=N&wait=5m`): holds the request until the registry index passes N or the wait ends, then
 * answers the current state. Like Consul, the wait gets up to 1/16 of jitter, and is capped at 10 minutes.
 */
async function block(url: URL, abort: AbortSignal): Promise<void> {
  const indexText = url.searchParams.get("index");
  if (indexText === null) return;
  const index = Number(indexText);
  if (!Number.isInteger(index) || index < 0) throw new ConsulError(400, `Invalid index: "${indexText}"`);
  const waitText = url.searchParams.get("wait");
  let wait = DEFAULT_WAIT_MS;
  if (waitText !== null) {
    const ms = /^\d+$/.test(waitText) ? Number(waitText) * 1000 : parseGoDuration(waitText);
    if (ms === null) throw new ConsulError(400, `Invalid wait time: "${waitText}"`);
    wait = ms;
  }
  wait = Math.min(wait, MAX_WAIT_MS);
  wait += Math.floor(Math.random() * (wait / 16));
  if (index > 0) await registrySignal.wait(index, wait, abort);
}

function send(res: http.ServerResponse, status: number, body: unknown, index?: number): void {
  const headers: Record<string, string> = {};
  if (index !== undefined) {
    // Consul never answers index 0: clients treat it as "no index" and would stop blocking.
    headers["x-consul-index"] = String(Math.max(1, index));
    headers["x-consul-knownleader"] = "true";
    headers["x-consul-lastcontact"] = "0";
  }
  if (typeof body === "string") {
    res.writeHead(status, { ...headers, "content-type": "text/plain; charset=utf-8" }).end(body);
    return;
  }
  res.writeHead(status, { ...headers, "content-type": "application/json" }).end(JSON.stringify(body));
}

/** A path segment as Consul's router reads it; broken percent-encoding is the client's error, not a crash. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ConsulError(400, `Invalid URL path: malformed percent-encoding in "${segment.slice(0, 100)}"`);
  }
}

const TTL_STATUS: Record<string, HealthStatus> = { pass: "passing", warn: "warning", fail: "critical" };

async function updateTtl(who: RegistryCaller, checkId: string, status: HealthStatus, output: string): Promise<void> {
  const owner = await checkOwner(checkId);
  if (!owner)
    throw new ConsulError(
      404,
      `Unknown check ID "${checkId}". Ensure that the check ID is passed, not the check name.`,
    );
  requireWrite(who, owner.service);
  if (owner.kind !== "ttl") throw new ConsulError(400, `CheckID "${checkId}" does not have associated TTL`);
  await recordCheckResult(checkId, status, output, { damped: false, actor: who.name });
}

const byTag = (url: URL) => {
  const tags = url.searchParams.getAll("tag");
  return (i: RegistryInstanceView) => tags.every((t) => i.tags.includes(t));
};

async function route(req: http.IncomingMessage, res: http.ServerResponse, abort: AbortSignal): Promise<void> {
  const url = new URL(req.url ?? "/", "http://consul");
  const path = url.pathname.replace(/\/+$/, "");
  const method = req.method ?? "GET";
  const seg = path.split("/").slice(1).map(decodeSegment);
  const is = (m: string, ...parts: string[]) =>
    parts.every((p, i) => p === "*" || seg[i] === p) && seg.length === parts.length && method === m;
  const writes = (...parts: string[]) =>
    parts.every((p, i) => p === "*" || seg[i] === p) && seg.length === parts.length;

  if (writes("v1", "status", "leader")) return send(res, 200, `${req.socket.localAddress ?? "127.0.0.1"}:8300`);

  if (writes("v1", "agent", "service", "register")) {
    if (method !== "PUT") throw new ConsulError(405, `method ${method} not allowed`);
    const who = await caller(req, url);
    const parsed = parseConsulRegistration(await readJson(req), remoteAddress(req));
    if (!parsed.ok) throw new ConsulError(400, parsed.error);
    const reg = parsed.registration;
    requireWrite(who, reg.service);
    // Replacing an instance that belongs to another service needs write on that one too.
    const existing = await instanceService(reg.id);
    if (existing && existing !== reg.service) requireWrite(who, existing);
    await registerInstance(reg, actorOf(who));
    if (reg.checks.some((c) => c.kind !== "ttl")) pokeChecks();
    return send(res, 200, "");
  }
  if (writes("v1", "agent", "service", "deregister", "*")) {
    if (method !== "PUT") throw new ConsulError(405, `method ${method} not allowed`);
    const who = await caller(req, url);
    const id = seg[4]!;
    const service = await instanceService(id);
    if (!service)
      throw new ConsulError(
        404,
        `Unknown service ID "${id}". Ensure that the service ID is passed, not the service name.`,
      );
    requireWrite(who, service);
    await deregisterInstance(id, actorOf(who));
    return send(res, 200, "");
  }
  if (writes("v1", "agent", "check", "*", "*") && seg[3] && (seg[3] in TTL_STATUS || seg[3] === "update")) {
    if (method !== "PUT") throw new ConsulError(405, `method ${method} not allowed`);
    const who = await caller(req, url);
    if (seg[3] === "update") {
      const body = (await readJson(req)) as { Status?: unknown; Output?: unknown };
      const status = body?.Status;
      if (status !== "passing" && status !== "warning" && status !== "critical")
        throw new ConsulError(400, `Invalid check status: "${String(status)}"`);
      await updateTtl(who, seg[4]!, status, typeof body.Output === "string" ? body.Output : "");
    } else await updateTtl(who, seg[4]!, TTL_STATUS[seg[3]]!, url.searchParams.get("note") ?? "");
    return send(res, 200, "");
  }

  if (is("GET", "v1", "catalog", "services")) {
    await caller(req, url);
    await block(url, abort);
    const { index, instances } = await listInstances();
    return send(res, 200, consulServiceTags(instances), index);
  }
  if (is("GET", "v1", "catalog", "service", "*")) {
    await caller(req, url);
    await block(url, abort);
    const { index, instances } = await listInstances(seg[3]);
    return send(res, 200, instances.filter(byTag(url)).map(consulCatalogService), index);
  }
  if (is("GET", "v1", "health", "service", "*")) {
    await caller(req, url);
    await block(url, abort);
    const { index, instances } = await listInstances(seg[3]);
    const passing = url.searchParams.has("passing") && url.searchParams.get("passing") !== "false";
    const entries = instances.filter(byTag(url)).filter((i) => !passing || i.health === "passing");
    return send(res, 200, entries.map(consulHealthEntry), index);
  }
  if (seg[0] === "v1" && ["agent", "catalog", "health", "status"].includes(seg[1] ?? ""))
    throw new ConsulError(
      method === "GET" || method === "PUT" ? 404 : 405,
      method === "GET" || method === "PUT"
        ? `Not supported by Signalbox's Consul-compatible API: ${method} ${path}`
        : `method ${method} not allowed`,
    );
  throw new ConsulError(404, "404 page not found");
}

export function createConsulHandler() {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    route(req, res, abort.signal).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof ConsulError) return send(res, error.status, error.message);
      console.error("[signalbox] consul API:", error);
      send(res, 500, "Internal error");
    });
  };
}

const g = globalThis as unknown as { __signalboxConsulServer?: http.Server };

/**
 * Starts the Consul-compatible listener (SIGNALBOX_CONSUL_PORT; 0 turns it off) and resolves once it listens, so a
 * console that answers its health check also takes registrations. A busy port is a warning, not a failed boot.
 */
export function startConsulServer(): Promise<void> {
  const { SIGNALBOX_CONSUL_PORT: port, SIGNALBOX_CONSUL_HOST: host } = env();
  if (port === 0 || g.__signalboxConsulServer) return Promise.resolve();
  const server = http.createServer(createConsulHandler());
  // Longer than clients keep sockets idle (Go's transport: 90 s, undici: 4 s), so the client closes first and never
  // sends a request on a socket the server is closing at that moment.
  server.keepAliveTimeout = 95_000;
  server.headersTimeout = 100_000;
  g.__signalboxConsulServer = server;
  server.unref();
  return new Promise((resolve) => {
    server.once("error", (error) => {
      console.warn(`[signalbox] Consul-compatible API not started on ${host}:${port}: ${error.message}`);
      g.__signalboxConsulServer = undefined;
      resolve();
    });
    server.listen(port, host, () => {
      console.log(`[signalbox] Consul-compatible API on http://${host}:${port}/v1/`);
      resolve();
    });
  });
}
