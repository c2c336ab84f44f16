import type { Route, RouteMatch, RouteRule } from "../model/index.ts";
import { cmp } from "./sort.ts";

/** One entry of a host's effective rule list: a rule of a route, or the part of it that some of its matches make. */
export interface OrderedRule {
  route: Route;
  ruleIndex: number;
  rule: RouteRule;
  /** The matches this entry keeps (all of the rule's, or one for a Gateway API rule split per match). */
  matches: RouteMatch[];
  /** Why the entry sits where it does, for the Routes page. */
  reason: string;
}

/** Gateway API: a match without a path is `PathPrefix /`; a rule without matches is one such match. */
const matchAll: RouteMatch = { methods: [], headers: [], queryParams: [] };

interface GatewayKey {
  pathRank: number;
  pathLength: number;
  method: number;
  headers: number;
  query: number;
}

function gatewayKey(m: RouteMatch): GatewayKey {
  const uri = m.uri;
  const pathRank = !uri ? 1 : uri.type === "exact" ? 0 : uri.type === "regex" ? 2 : 1;
  const pathLength = !uri || uri.type === "exact" ? 0 : uri.value.replace(/\/+$/, "").length;
  return {
    pathRank,
    pathLength,
    method: m.methods.length > 0 ? 1 : 0,
    headers: m.headers.length,
    query: m.queryParams.length,
  };
}

function describeGateway(m: RouteMatch): string {
  const uri = m.uri;
  const parts = [
    !uri
      ? "any path"
      : uri.type === "exact"
        ? `exact path ${uri.value}`
        : uri.type === "regex"
          ? `regex path ${uri.value}`
          : `prefix ${uri.value} (${uri.value.replace(/\/+$/, "").length} chars)`,
  ];
  if (m.methods.length > 0) parts.push(`method ${m.methods.join("|")}`);
  if (m.headers.length > 0) parts.push(`${m.headers.length} header match${m.headers.length > 1 ? "es" : ""}`);
  if (m.queryParams.length > 0)
    parts.push(`${m.queryParams.length} query match${m.queryParams.length > 1 ? "es" : ""}`);
  return parts.join(", ");
}

/**
 * Gateway API precedence (HTTPRouteRule, "Proxy or Load Balancer routing configuration"), match by match across
 * every merged route: exact path, then the longest prefix (regex paths after prefixes), then a method, then the most
 * header matches, then the most query matches, then the oldest route, then route name; ties keep rule and match order.
 */
function gatewayApiOrder(routes: readonly Route[]): OrderedRule[] {
  const items = routes.flatMap((route) =>
    route.rules.flatMap((rule, ruleIndex) =>
      (rule.matches.length > 0 ? rule.matches : [matchAll]).map((m, matchIndex) => ({
        entry: { route, ruleIndex, rule, matches: rule.matches.length > 0 ? [m] : [], reason: describeGateway(m) },
        key: gatewayKey(m),
        matchIndex,
      })),
    ),
  );
  items.sort(
    (a, b) =>
      a.key.pathRank - b.key.pathRank ||
      b.key.pathLength - a.key.pathLength ||
      b.key.method - a.key.method ||
      b.key.headers - a.key.headers ||
      b.key.query - a.key.query ||
      a.entry.route.creationOrder - b.entry.route.creationOrder ||
      cmp(a.entry.route.name, b.entry.route.name) ||
      a.entry.ruleIndex - b.entry.ruleIndex ||
      a.matchIndex - b.matchIndex,
  );
  return items.map((i) => i.entry);
}

/** Istio's catch-all: prefix `/` or a match-everything regex, and no other condition. */
function isCatchAll(m: RouteMatch): boolean {
  const uri = m.uri;
  const anyPath =
    !uri ||
    ((uri.type === "prefix" || uri.type === "pathPrefix") && uri.value === "/") ||
    (uri.type === "regex" && (uri.value === ".*" || uri.value === "*"));
  return anyPath && m.methods.length === 0 && m.headers.length === 0 && m.queryParams.length === 0 && !m.authority;
}

/**
 * Istio: one route's rules in list order, first match wins. Several VirtualServices for one host on a gateway are
 * concatenated oldest first, and their catch-all matches move to the end keeping their relative order (Istio's
 * CombineVHostRoutes), so a catch-all of an older VirtualService does not hide a younger one's rules.
 */
function istioOrder(routes: readonly Route[]): OrderedRule[] {
  const sorted = [...routes].sort((a, b) => a.creationOrder - b.creationOrder || cmp(a.name, b.name));
  const plain = sorted.flatMap((route) =>
    route.rules.map((rule, ruleIndex) => ({ route, ruleIndex, rule, matches: rule.matches, reason: "list order" })),
  );
  if (sorted.length < 2) return plain;
  const head: OrderedRule[] = [];
  const tail: OrderedRule[] = [];
  for (const e of plain) {
    const all = e.matches.length === 0 ? [matchAll] : e.matches;
    const catchAll = all.filter(isCatchAll);
    const rest = e.matches.filter((m) => !isCatchAll(m));
    if (rest.length > 0)
      head.push({ ...e, matches: rest, reason: `list order (route ${sorted.indexOf(e.route) + 1})` });
    if (catchAll.length > 0)
      tail.push({ ...e, matches: e.matches.length === 0 ? [] : catchAll, reason: "catch-all, moved last" });
  }
  return [...head, ...tail];
}

/**
 * The effective rule list of one host on one binding (a gateway, or the mesh), from every route serving it.
 * Routes of both semantics on one host are refused by validation (SB210); should they meet, Gateway API's go first.
 */
export function effectiveOrder(routes: readonly Route[]): OrderedRule[] {
  return [
    ...gatewayApiOrder(routes.filter((r) => r.semantics === "gateway-api")),
    ...istioOrder(routes.filter((r) => r.semantics !== "gateway-api")),
  ];
}
