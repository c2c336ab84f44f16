import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  matchRequest,
  parseQuery,
  pickWeighted,
  selectingMatch,
  type RouteEntry,
} from "../../lib/core/routing/index.ts";
import type { ConfigHolder, ActiveConfig } from "../config/active-config.ts";
import type { Logger } from "../log.ts";
import type { Series } from "../metrics/registry.ts";
import type { ClusterRuntime, Overflow } from "../upstream/clusters.ts";
import { bufferUpTo, type Body } from "./attempt.ts";
import { applyCors } from "./cors.ts";
import { Forward } from "./forwarder.ts";
import { framingError } from "./framing.ts";
import { hashKeyFor } from "./hash-key.ts";
import { startMirror } from "./mirror.ts";
import { rewritePath, ruleShortCircuit } from "./actions.ts";
import { applyRawHeaderOps, scanRequest, upstreamRequestHeaders, type RequestScan } from "./raw-headers.ts";
import { sendText } from "./respond.ts";

export interface PipelineDeps {
  holder: ConfigHolder;
  random: () => number;
  log: Logger;
}

export interface RequestHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Requests whose response has not closed yet (drain waits for these). */
  inFlight(): number;
}

/**
 * Per-request state the stages share. Its one 'close' listener does everything that happens when the
 * exchange ends: in-flight count, metrics, pool-slot release, cancelling upstream work the client left.
 */
class Flight {
  series: Series;
  runtime: ClusterRuntime | null = null;
  forward: Forward | null = null;
  /** `res` has headers set with setHeader (CORS, short-circuits): the forwarder merges instead. */
  preset = false;
  closed = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly cfg: ActiveConfig,
    readonly start: number,
    readonly requestId: string,
    readonly scan: RequestScan,
    private readonly counter: { n: number },
  ) {
    this.series = cfg.noRoute;
  }

  onClose(): void {
    this.closed = true;
    this.counter.n--;
    const res = this.res;
    const finished = res.writableFinished;
    // The client went away (or the response was cut): stop the upstream work it no longer waits for.
    if (!finished) this.forward?.cancel();
    this.runtime?.release();
    // 499 (nginx's "client closed request") when the client left before any status was sent.
    this.series.record(!finished && !res.headersSent ? 499 : res.statusCode, performance.now() - this.start);
  }

  /** For the fault delay: stop waiting once the client left. */
  get aborted(): boolean {
    return this.closed;
  }

  presetId(): void {
    if (this.preset) return;
    this.preset = true;
    this.res.setHeader("x-request-id", this.requestId);
  }
}

/** matchRequest's view of the request; `headers` is built by node only if a header match asks for it. */
class MatchInfo {
  constructor(
    private readonly req: IncomingMessage,
    readonly host: string,
    readonly path: string,
    readonly query: Record<string, string> | null,
  ) {}

  get method(): string {
    return this.req.method ?? "GET";
  }

  get headers(): IncomingMessage["headers"] {
    return this.req.headers;
  }
}

/** The request lifecycle of proxy/README.md: frame check → match → fault/short-circuit → pick → admit → forward. */
export function createRequestHandler(deps: PipelineDeps): RequestHandler {
  const counter = { n: 0 };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const start = performance.now();
    const cfg = deps.holder.current;
    if (cfg === null) return sendText(res, 503, "no configuration yet\n");
    counter.n++;
    const scan = scanRequest(req.rawHeaders);
    const f = new Flight(req, res, cfg, start, scan.requestId || randomUUID(), scan, counter);
    res.once("close", () => f.onClose());
    // Framing can only be wrong when the head has a Content-Length or Transfer-Encoding.
    const bad = scan.contentLength !== undefined || scan.transferEncoding ? framingError(req) : null;
    if (bad !== null) {
      res.shouldKeepAlive = false;
      f.presetId();
      return sendText(res, 400, `${bad}\n`);
    }
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    const entry = matchRequest(
      cfg.table,
      new MatchInfo(req, scan.host, path, cfg.table.usesQuery && q !== -1 ? parseQuery(url.slice(q + 1)) : null),
    );
    if (entry === null) {
      f.presetId();
      return sendText(res, 404, "no route\n");
    }
    f.series = cfg.series[entry.ordinal]![entry.clusters.length]!;
    try {
      run(deps, f, entry, path);
    } catch (e) {
      fail(deps, f, entry, e);
    }
  };
  return { handle, inFlight: () => counter.n };
}

function fail(deps: PipelineDeps, f: Flight, entry: RouteEntry, e: unknown): void {
  deps.log.error("pipeline failure", { error: String(e), route: entry.rule.id });
  sendText(f.res, 500, "internal proxy error\n");
}

/** CORS and short-circuits (the only stages that may wait: fault delays), then the forwarding path. */
function run(deps: PipelineDeps, f: Flight, entry: RouteEntry, path: string): void {
  const rule = entry.rule;
  if (entry.corsOrigins !== null) {
    f.presetId();
    if (applyCors(entry, f.req, f.res)) return;
  }
  if (rule.fault === undefined && rule.directResponse === undefined && rule.redirect === undefined)
    return dispatch(deps, f, entry, path);
  f.presetId();
  ruleShortCircuit(rule, f.req, f.res, deps.random, f).then(
    (answered) => answered || f.closed || dispatch(deps, f, entry, path),
    (e: unknown) => fail(deps, f, entry, e),
  );
}

/** Pick the destination, build the upstream headers, read the body if it must be replayable, admit, forward. */
function dispatch(deps: PipelineDeps, f: Flight, entry: RouteEntry, path: string): void {
  const req = f.req;
  const rule = entry.rule;
  const idx = pickWeighted(entry.cumulative, deps.random());
  // Unreachable for a snapshot that passed the consistency check (weights sum to 100), kept as a guard.
  if (idx === -1) {
    f.presetId();
    return sendText(f.res, 503, "no destination\n");
  }
  const runtime = f.cfg.clusters.get(entry.clusters[idx]!)!;
  f.series = f.cfg.series[entry.ordinal]![idx]!;
  const headers = upstreamRequestHeaders(req, {
    clientIp: req.socket.remoteAddress,
    requestId: f.requestId,
    authority: rule.rewrite?.authority,
  });
  applyRawHeaderOps(headers, rule.requestHeaders);
  const upstreamPath =
    rule.rewrite?.uriPrefix !== undefined ? rewrittenUrl(entry, f, path, rule.rewrite.uriPrefix) : (req.url ?? "/");
  const next = (body: Body) => {
    if (rule.mirror && body.kind !== "stream" && deps.random() * 100 < rule.mirror.percent) {
      const mirrorRuntime = f.cfg.clusters.get(rule.mirror.cluster);
      if (mirrorRuntime)
        startMirror(
          mirrorRuntime,
          { method: req.method ?? "GET", path: upstreamPath, headers, body, random: deps.random() },
          deps.log,
        );
    }
    admit(
      f,
      runtime,
      new Forward({
        res: f.res,
        rule,
        runtime,
        method: req.method ?? "GET",
        path: upstreamPath,
        headers,
        body,
        hashKey: hashKeyFor(runtime.cluster.trafficPolicy?.loadBalancer, req),
        random: deps.random,
        deadline: rule.timeoutMs !== undefined ? f.start + rule.timeoutMs : Infinity,
        requestId: f.requestId,
        preset: f.preset,
      }),
    );
  };
  const max = bufferLimit(rule);
  const hasBody = f.scan.transferEncoding || (f.scan.contentLength !== undefined && f.scan.contentLength !== "0");
  if (!hasBody) return next({ kind: "none" });
  if (max < 0) return next({ kind: "stream", head: [], source: req });
  bufferUpTo(req, max).then(
    (b) => next(b.complete ? { kind: "buffered", data: b.data } : { kind: "stream", head: b.head, source: req }),
    () => f.res.destroy(), // the client left mid-upload
  );
}

/** Connection-pool admission; the slot is held until the exchange ends (response streamed or client gone). */
function admit(f: Flight, runtime: ClusterRuntime, fwd: Forward): void {
  const admitted = runtime.acquire();
  if (admitted === null || typeof admitted === "string") afterAdmission(f, runtime, fwd, admitted);
  else void admitted.then((refused) => afterAdmission(f, runtime, fwd, refused));
}

function afterAdmission(f: Flight, runtime: ClusterRuntime, fwd: Forward, refused: Overflow | null): void {
  if (refused !== null) {
    f.res.setHeader("x-signalbox-upstream", runtime.name);
    f.presetId();
    return sendText(f.res, 503, `upstream overflow: ${refused}\n`, { "x-signalbox-overflow": refused });
  }
  if (f.closed) return runtime.release();
  f.runtime = runtime;
  f.forward = fwd;
  fwd.start();
}

/** Bodies are buffered only when something must replay them: retries, or a mirror (which then gets a copy). */
function bufferLimit(rule: RouteEntry["rule"]): number {
  const retry = rule.retries?.attempts ? rule.retries.maxBufferedBodyBytes : -1;
  return rule.mirror ? Math.max(retry, 64 * 1024) : retry;
}

/** The upstream URL under a uri rewrite: the selecting match decides what is replaced; the query is kept. */
function rewrittenUrl(entry: RouteEntry, f: Flight, path: string, replacement: string): string {
  const url = f.req.url ?? "/";
  const q = url.indexOf("?");
  const info = {
    host: f.req.headers.host ?? "",
    path,
    method: f.req.method ?? "GET",
    headers: f.req.headers,
    query: q === -1 ? null : parseQuery(url.slice(q + 1)),
  };
  return rewritePath(entry, path, replacement, selectingMatch(entry, info)) + url.slice(path.length);
}
