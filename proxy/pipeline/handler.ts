import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Tapper } from "../metrics/tap.ts";
import {
  matchRequest,
  parseRequestTarget,
  pickWeighted,
  rewrittenPath,
  selectingMatch,
  type CompiledMatch,
  type RouteEntry,
} from "../../lib/core/routing/index.ts";
import type { CompiledRule } from "../../lib/core/index.ts";
import type { ActiveConfig, ConfigHolder } from "../config/active-config.ts";
import { clientAddress } from "../headers/forwarded.ts";
import { applyHeaderOps } from "../headers/ops.ts";
import { scanRequest, upstreamRequestHeaders } from "../headers/request.ts";
import type { Logger } from "../log.ts";
import type { ClusterRuntime, Overflow } from "../upstream/clusters.ts";
import { ruleShortCircuit } from "./actions.ts";
import { bufferUpTo, type Body } from "./attempt.ts";
import { BodyIdleWatch } from "./body-watch.ts";
import { authorized } from "./authorize.ts";
import { applyCors } from "./cors.ts";
import { Flight } from "./flight.ts";
import { Forward, type ForwardContext } from "./forwarder.ts";
import { framingError } from "./framing.ts";
import { grpcTimeoutMs } from "./grpc.ts";
import { hashKeyFor } from "./hash-key.ts";
import { matchInfoOf } from "./match-info.ts";
import { startMirror } from "./mirror.ts";
import type { RequestPolicy } from "./request-policy.ts";
import { sendText } from "./respond.ts";
import { startTunnel, type UpgradeHandOff } from "./tunnel.ts";

/** Never mutated (only a stream body is), so every body-less request shares it. */
const NO_BODY: Body = { kind: "none" };

export interface PipelineDeps {
  holder: ConfigHolder;
  random: () => number;
  log: Logger;
  policy: RequestPolicy;
  /** The gateway listener port of a local port the request arrived on (they differ under `--port-map`). */
  listenerPort?: (localPort: number) => number;
  /** Live taps: samples finished exchanges while a tap is open (absent in worker processes). */
  tap?: Tapper;
  /**
   * A sidecar's outbound leaves the destination's AuthorizationPolicies to the destination's own sidecar (Istio
   * enforces them where the request arrives, where the caller's identity is known); default true.
   */
  clusterPolicies?: boolean;
}

export interface RequestHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** An upgrade the route lets through: the whole lifecycle on `res` (made on the socket), then a tunnel. */
  handleUpgrade(req: IncomingMessage, res: ServerResponse, handOff: UpgradeHandOff): void;
  /** Requests whose response has not closed yet (drain waits for these). */
  inFlight(): number;
  close(): void;
}

/**
 * The request lifecycle of proxy/README.md, one function a step, in the order they run: each step either answers
 * (and the exchange ends) or calls the next. Synchronous unless a step must wait (fault delay, body buffering,
 * queued admission); a throw in any step is a 500.
 */
export function createRequestHandler(deps: PipelineDeps): RequestHandler {
  const counter = { n: 0 };
  const bodies = new BodyIdleWatch(deps.policy.bodyIdleTimeoutMs);
  const run = (req: IncomingMessage, res: ServerResponse, handOff: UpgradeHandOff | null): void => {
    const start = performance.now();
    const cfg = deps.holder.current;
    if (cfg === null) return sendText(res, 503, "no configuration yet\n");
    const f = openFlight(deps, req, res, cfg, start, counter, handOff);
    if (hasBody(f)) bodies.watch(f);
    if (!framingHolds(f) || !targetHolds(f) || !authorized(f, cfg.authz.gateway)) return;
    const entry = matchRoute(f);
    if (entry === null) return;
    try {
      answerLocally(f, entry);
    } catch (e) {
      fail(f, entry.rule, e);
    }
  };
  return {
    handle: (req, res) => run(req, res, null),
    handleUpgrade: run,
    inFlight: () => counter.n,
    close: () => bodies.close(),
  };
}

/** One pass over rawHeaders, and the exchange's one 'close' listener (Flight.onClose). */
function openFlight(
  deps: PipelineDeps,
  req: IncomingMessage,
  res: ServerResponse,
  cfg: ActiveConfig,
  start: number,
  counter: { n: number },
  handOff: UpgradeHandOff | null,
): Flight {
  counter.n++;
  const scan = scanRequest(req.rawHeaders);
  const peer = req.socket.remoteAddress ?? "";
  const hops = deps.policy.xffTrustedHops;
  const clientIp = hops === 0 ? peer : clientAddress(scan.forwardedFor, peer, hops);
  const requestId = scan.requestId || randomUUID();
  const f = new Flight(deps, req, res, cfg, start, requestId, scan, counter, clientIp, handOff);
  res.once("close", () => f.onClose());
  return f;
}

function hasBody(f: Flight): boolean {
  const scan = f.scan;
  return scan.transferEncoding || (scan.contentLength !== undefined && scan.contentLength !== "0");
}

/** Request-smuggling guard: 400 on bad framing. Only a head with Content-Length or Transfer-Encoding can have it. */
function framingHolds(f: Flight): boolean {
  const bad = f.scan.contentLength !== undefined || f.scan.transferEncoding ? framingError(f.req) : null;
  if (bad === null) return true;
  f.res.shouldKeepAlive = false;
  f.presetId();
  sendText(f.res, 400, `${bad}\n`);
  return false;
}

/**
 * One Host only (the upstream could read another one than we route by), and a request target that parses and
 * normalizes (lib/core/routing/request-target.ts): 400 otherwise. Sets the path routes match and the upstream gets.
 */
function targetHolds(f: Flight): boolean {
  const target = f.scan.hostCount > 1 ? null : parseRequestTarget(f.req.url ?? "/", f.scan.host, f.deps.policy.paths);
  if (target !== null && !("rejected" in target)) {
    f.path = target.path;
    f.query = target.query;
    return true;
  }
  f.res.shouldKeepAlive = false;
  f.presetId();
  sendText(f.res, 400, `${target === null ? "more than one Host header" : target.rejected}\n`);
  return false;
}

function listenerPortOf(f: Flight): number | undefined {
  const local = f.req.socket.localPort;
  return local === undefined || f.deps.listenerPort === undefined ? local : f.deps.listenerPort(local);
}

/** Virtual host, then the first rule whose match holds: 404 "no route" when none. */
function matchRoute(f: Flight): RouteEntry | null {
  const table = f.cfg.table;
  // The listener port matters only when routes differ between the gateway's ports (parentRef sectionName/port).
  // So does it when a rule matches on it (Istio match.port).
  const port = table.ports.size > 0 || table.usesPort ? listenerPortOf(f) : undefined;
  const info = matchInfoOf(f.req, f.scan.host, f.path, f.query, table.usesQuery, table.usesPort ? port : undefined);
  const entry = matchRequest(table, info, port);
  if (entry === null) {
    f.presetId();
    sendText(f.res, 404, "no route\n");
    return null;
  }
  f.series = f.cfg.series[entry.ordinal]![entry.clusters.length]!;
  return entry;
}

/** CORS preflight (204), then fault delay / fault abort / direct response / redirect: the only step that may wait. */
function answerLocally(f: Flight, entry: RouteEntry): void {
  const rule = entry.rule;
  if (entry.corsOrigins !== null) {
    f.presetId();
    if (applyCors(entry, f.req, f.res)) return;
  }
  // Most rules have none of these: they go on synchronously, without a promise.
  if (rule.fault === undefined && rule.directResponse === undefined && rule.redirect === undefined)
    return toUpstream(f, entry);
  f.presetId();
  const selected = rule.redirect?.uriPrefix !== undefined ? selectingMatchOf(f, entry) : null;
  ruleShortCircuit(
    rule,
    f.req,
    f.res,
    f.deps.random,
    f,
    f.path + f.query,
    selected,
    f.cfg.table.listenerPort ?? listenerPortOf(f),
  ).then(
    (answered) => answered || f.closed || resume(f, rule, toUpstream, entry),
    (e: unknown) => fail(f, rule, e),
  );
}

/** The forwarding path: pick the destination, authorize for it, build the upstream request, then read the body. */
function toUpstream(f: Flight, entry: RouteEntry): void {
  const runtime = pickDestination(f, entry);
  if (runtime === null) return;
  if (f.deps.clusterPolicies !== false && !authorized(f, f.cfg.authz.clusters.get(runtime.name))) return;
  readBody(f, buildUpstreamRequest(f, entry, runtime));
}

/** Weighted pick among the rule's destinations: 503 "no destination" when there is none to pick. */
function pickDestination(f: Flight, entry: RouteEntry): ClusterRuntime | null {
  const idx = pickWeighted(entry.cumulative, f.deps.random());
  // Unreachable for a snapshot that passed the consistency check (weights sum to 100), kept as a guard.
  if (idx === -1) {
    f.presetId();
    sendText(f.res, 503, "no destination\n");
    return null;
  }
  f.series = f.cfg.series[entry.ordinal]![idx]!;
  f.destination = idx;
  return f.cfg.clusters.get(entry.runtimes[idx]!)!;
}

/** The upstream request's head (headers built once from rawHeaders, header ops, rewritten path); no body yet. */
function buildUpstreamRequest(f: Flight, entry: RouteEntry, runtime: ClusterRuntime): ForwardContext {
  const req = f.req;
  const rule = entry.rule;
  const headers = upstreamRequestHeaders(req.rawHeaders, {
    host: f.scan.host,
    clientIp: req.socket.remoteAddress,
    requestId: f.requestId,
    authority: rule.rewrite?.authority,
    upgrade: f.tunnel !== null,
    trustedPeer: f.deps.policy.xffTrustedHops > 0,
    scheme: (req.socket as { encrypted?: boolean }).encrypted === true ? "https" : "http",
  });
  applyHeaderOps(headers, rule.requestHeaders);
  const destination = rule.destinations[f.destination];
  applyHeaderOps(headers, destination?.requestHeaders);
  return {
    res: f.res,
    rule,
    destinationResponseHeaders: destination?.responseHeaders,
    runtime,
    method: req.method ?? "GET",
    path: (rule.rewrite !== undefined ? upstreamPath(f, entry, rule.rewrite) : f.path) + f.query,
    headers,
    body: NO_BODY,
    hashKey: hashKeyFor(runtime.cluster.trafficPolicy?.loadBalancer, req, f.clientIp),
    random: f.deps.random,
    deadline: deadlineOf(f, rule),
    requestId: f.requestId,
    preset: f.preset,
    http2: runtime.http2For(rule.destinations[f.destination]?.port),
    grpc: f.scan.grpc,
    outcome: f,
  };
}

/** The route timeout, shortened by a gRPC call's own grpc-timeout (the client gives up then anyway). */
function deadlineOf(f: Flight, rule: CompiledRule): number {
  const route = rule.timeoutMs !== undefined ? f.start + rule.timeoutMs : Infinity;
  if (f.scan.grpcTimeout === "") return route;
  const ms = grpcTimeoutMs(f.scan.grpcTimeout);
  return ms === undefined ? route : Math.min(route, f.start + ms);
}

/** None or stream: on at once. Buffered up to the rule's limit when retries or a mirror must replay it. */
function readBody(f: Flight, up: ForwardContext): void {
  // An upgrade has no body (upgrade.ts hands over only those): its bytes after the head are the new protocol's.
  if (f.tunnel !== null || !hasBody(f)) return sendUpstream(f, up);
  const max = bufferLimit(up.rule);
  if (max < 0) {
    up.body = { kind: "stream", head: [], source: f.req };
    return sendUpstream(f, up);
  }
  bufferUpTo(f.req, max).then(
    (b) => {
      up.body = b.complete ? { kind: "buffered", data: b.data } : { kind: "stream", head: b.head, source: f.req };
      resume(f, up.rule, sendUpstream, up);
    },
    () => f.res.destroy(), // the client left mid-upload
  );
}

/** Once the body is known: the mirror copy, then admission. */
function sendUpstream(f: Flight, up: ForwardContext): void {
  mirror(f, up);
  admit(f, up);
}

/** Fire-and-forget copies to the rule's mirror clusters, each for its percent, when the body can be read twice. */
function mirror(f: Flight, up: ForwardContext): void {
  const { mirror: first, extraMirrors } = up.rule;
  if (first === undefined || f.tunnel !== null || up.body.kind === "stream") return;
  mirrorTo(f, up, first);
  if (extraMirrors !== undefined) for (const m of extraMirrors) mirrorTo(f, up, m);
}

function mirrorTo(f: Flight, up: ForwardContext, m: NonNullable<CompiledRule["mirror"]>): void {
  if (f.deps.random() * 100 >= m.percent) return;
  const runtime = f.cfg.clusters.get(m.cluster);
  if (runtime === undefined) return;
  const copy = { method: up.method, path: up.path, headers: up.headers, body: up.body, random: f.deps.random() };
  startMirror(runtime, copy, f.deps.log);
}

/** Connection-pool admission: 503 with x-signalbox-overflow when refused; may queue under maxPendingRequests. */
function admit(f: Flight, up: ForwardContext): void {
  const admitted = up.runtime.acquire();
  if (admitted === null) return forward(f, up);
  if (typeof admitted === "string") return overflow(f, up.runtime, admitted);
  // A queued admission's promise only ever resolves (with null once a slot is free): nothing is left unhandled.
  void admitted.then((refused) =>
    refused === null ? resume(f, up.rule, forward, up) : overflow(f, up.runtime, refused),
  );
}

function overflow(f: Flight, runtime: ClusterRuntime, refused: Overflow): void {
  f.res.setHeader("x-signalbox-upstream", runtime.name);
  f.presetId();
  sendText(f.res, 503, `upstream overflow: ${refused}\n`, { "x-signalbox-overflow": refused });
}

/**
 * Holding a pool slot until the exchange ends (response streamed, tunnel closed or client gone): attempts, retries
 * and the relay (forwarder.ts), or the upgrade tunnel (tunnel.ts). A client that left while queued gives the slot
 * back at once.
 */
function forward(f: Flight, up: ForwardContext): void {
  if (f.closed) return up.runtime.release();
  f.runtime = up.runtime;
  if (f.tunnel !== null) {
    f.forward = startTunnel(f, up, f.tunnel);
    return;
  }
  const fwd = new Forward(up);
  f.forward = fwd;
  fwd.start();
}

/** A step continued after a wait: what it throws is a 500, as in the synchronous steps. */
function resume<A>(f: Flight, rule: CompiledRule, step: (f: Flight, a: A) => void, a: A): void {
  try {
    step(f, a);
  } catch (e) {
    fail(f, rule, e);
  }
}

function fail(f: Flight, rule: CompiledRule, e: unknown): void {
  f.deps.log.error("pipeline failure", { error: String(e), route: rule.id });
  sendText(f.res, 500, "internal proxy error\n");
}

/** Bodies are buffered only when something must replay them: retries, or a mirror (which then gets a copy). */
function bufferLimit(rule: CompiledRule): number {
  const retry = rule.retries?.attempts ? rule.retries.maxBufferedBodyBytes : -1;
  return rule.mirror ? Math.max(retry, 64 * 1024) : retry;
}

/** The match that selected the request: a prefix rewrite or redirect replaces its prefix. */
function selectingMatchOf(f: Flight, entry: RouteEntry): CompiledMatch | null {
  const port = f.cfg.table.usesPort ? listenerPortOf(f) : undefined;
  return selectingMatch(entry, matchInfoOf(f.req, f.scan.host, f.path, f.query, true, port));
}

/** The upstream path under the rule's rewrite (full path, regex, or the selecting match's prefix). */
function upstreamPath(f: Flight, entry: RouteEntry, rewrite: NonNullable<CompiledRule["rewrite"]>): string {
  if (rewrite.uri === undefined && rewrite.uriRegex === undefined && rewrite.uriPrefix === undefined) return f.path;
  const selected = rewrite.uriPrefix !== undefined ? selectingMatchOf(f, entry) : null;
  return rewrittenPath(rewrite, selected, f.path);
}
