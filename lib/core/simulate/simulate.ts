import type { SimulatedRequest, Simulation } from "../api/simulate.ts";
import { findVirtualHost, matchRequest, parseQuery, type RequestInfo } from "../routing/match.ts";
import { DEFAULT_PATH_POLICY, type PathPolicy } from "../routing/path-normalization.ts";
import { parseRequestTarget } from "../routing/request-target.ts";
import { buildRouteTable, type RouteTable } from "../routing/table.ts";
import type { SnapshotConfig } from "../snapshot/schema.ts";
import { explainHosts, routesOf } from "./explain-hosts.ts";
import { explainRule } from "./explain-rules.ts";
import { noRoute, outcome, rejected, type Received } from "./outcome.ts";
import { pickListener } from "./listener.ts";

/**
 * The request simulator: what a proxy running `config` does with one request, and why. It builds the same route
 * table the proxy builds (buildRouteTable with the proxy's gateway), normalizes the target with the proxy's code
 * (parseRequestTarget), takes the verdict from the proxy's matcher (matchRequest), and adds the explanation:
 * host candidates, and for each rule tried, which condition failed.
 */
export function simulate(config: SnapshotConfig, request: SimulatedRequest): Simulation {
  const notes: string[] = [];
  const { gateway, listener } = pickListener(config, request, notes);
  const table = buildRouteTable(config, gateway === null ? {} : { gateway });
  const base = {
    gateway,
    listener,
    hosts: [],
    otherRoutes: 0,
    route: null,
    rules: [],
    rulesNotReached: 0,
    rule: null,
    notes,
  };
  const policy: PathPolicy = {
    normalization: request.pathNormalization ?? DEFAULT_PATH_POLICY.normalization,
    escapedSlashes: request.escapedSlashes ?? DEFAULT_PATH_POLICY.escapedSlashes,
  };
  const target = parseRequestTarget(withQuery(request.path, request.query), request.host, policy);
  if ("rejected" in target) {
    const req = { method: request.method, host: request.host, path: null, query: "" };
    return { ...base, request: req, verdict: rejected(target.rejected) };
  }
  const port = listener?.port ?? request.port;
  const received = receive(table, request, target.path, target.query, port);
  const req = { method: request.method, host: request.host, path: target.path, query: target.query };
  const vh = findVirtualHost(table, request.host, port);
  const hostTrace = explainHosts(config.virtualHosts, table, request.host, gateway, vh);
  const withHosts = { ...base, request: req, hosts: hostTrace.candidates, otherRoutes: hostTrace.others };
  if (vh === null) {
    return { ...withHosts, verdict: noRoute(`no route for host ${request.host} through ${where(gateway)}: 404`) };
  }
  const entry = matchRequest(table, received.info, port);
  const rules = [];
  for (const [i, e] of vh.rules.entries()) {
    rules.push(explainRule(e, i, received.info));
    if (e === entry) break;
  }
  if (entry !== null && rules.some((r, i) => r.matched && i < rules.length - 1))
    notes.push("the explanation and the matcher disagree on an earlier rule; the verdict is the matcher's");
  // A host's list merges the rules of every route serving it: the route is the one the matched rule came from.
  const route = entry?.rule.route ?? routesOf(vh.vhost);
  const common = { ...withHosts, route, rules, rulesNotReached: vh.rules.length - rules.length };
  if (entry === null) return { ...common, verdict: noRoute(`no rule of route ${route} matches: 404`) };
  const index = vh.rules.indexOf(entry);
  const rule = { index, id: entry.rule.id, name: entry.rule.name };
  return {
    ...common,
    rule,
    verdict: outcome(table, entry, received, request.random, listener?.port ?? request.port ?? null),
  };
}

function where(gateway: string | null): string {
  return gateway === null ? "the mesh" : `gateway ${gateway}`;
}

/** Lone UTF-16 surrogates (JSON can carry them) would make encodeURIComponent throw: U+FFFD, as a UTF-8 client sends. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const encode = (s: string) => encodeURIComponent(s.replace(LONE_SURROGATE, "\uFFFD"));

/** The target with the request's `query` fields appended to its own query string (encoded as a client would). */
function withQuery(path: string, query: Readonly<Record<string, string>>): string {
  const extra = Object.entries(query)
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join("&");
  if (extra === "") return path;
  const hash = path.indexOf("#");
  const head = hash === -1 ? path : path.slice(0, hash);
  return head.includes("?") ? `${head}${head.endsWith("?") ? "" : "&"}${extra}` : `${head}?${extra}`;
}

/**
 * The matcher's view of the request, as the proxy's MatchInfo gives it: lower-cased header names with Host
 * among them, and the query parsed only when a rule of the table matches on it.
 */
function receive(table: RouteTable, request: SimulatedRequest, path: string, query: string, port?: number): Received {
  // No prototype, as node's req.headers: a header named "constructor" or "__proto__" is just a header.
  const headers = Object.create(null) as Record<string, string>;
  headers.host = request.host;
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  const info: RequestInfo = {
    host: request.host,
    path,
    method: request.method,
    headers,
    query: table.usesQuery && query !== "" ? parseQuery(query.slice(1)) : null,
    // The listener port the request came in on, for Istio match.port.
    ...(port !== undefined ? { port } : {}),
  };
  return { info, path, query };
}
