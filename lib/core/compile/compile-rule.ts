import type { HeaderMatch, QueryMatch, RouteMatch, RouteRule } from "../model/index.ts";
import type { CompiledRule } from "../snapshot/schema.ts";
import { cmp, sortBy, sortedSet } from "./sort.ts";

export const clusterName = (service: string, version: string): string => `${service}/${version}`;

/** Metrics key of a rule: its name when it has one (survives reordering), else its position. */
export const ruleId = (route: string, rule: RouteRule, index: number): string =>
  `${route}#${rule.name !== "" ? rule.name : index}`;

const matcherKey = (m: HeaderMatch | QueryMatch) => `${m.name}\u0000${m.type}\u0000${m.value}`;

/** Within one match all conditions are ANDed, so their order is noise: sort it away. */
export function normalizeMatch(m: RouteMatch): RouteMatch {
  return {
    ...m,
    methods: sortedSet(m.methods),
    headers: sortBy(m.headers, matcherKey),
    queryParams: sortBy(m.queryParams, matcherKey),
  };
}

function normalizeCors(c: RouteRule["cors"]): RouteRule["cors"] {
  if (!c) return undefined;
  return {
    ...c,
    allowOrigins: sortBy(c.allowOrigins, (o) => `${o.type}\u0000${o.value}`),
    allowMethods: sortedSet(c.allowMethods),
    allowHeaders: sortedSet(c.allowHeaders),
    exposeHeaders: sortedSet(c.exposeHeaders),
  };
}

function normalizeHeaderOps(ops: RouteRule["requestHeaders"]): RouteRule["requestHeaders"] {
  return ops && { ...ops, remove: sortedSet(ops.remove) };
}

/**
 * One rule as the proxy sees it. Rule order and match order are kept (first match wins); the
 * order of destinations does not change the split, so they are sorted by cluster. Weight-0
 * destinations are kept: the proxy never picks them but prepares their metric keys, so a version
 * drained to 0 still shows on the dashboard as receiving nothing rather than vanishing.
 */
export function compileRule(route: string, rule: RouteRule, index: number): Omit<CompiledRule, "route"> {
  const { destinations, mirror, extraMirrors, matches, cors, requestHeaders, responseHeaders, ...rest } = rule;
  return {
    ...rest,
    id: ruleId(route, rule, index),
    matches: matches.map(normalizeMatch),
    destinations: destinations
      .map((d) => ({
        cluster: clusterName(d.service, d.version),
        weight: d.weight,
        ...(d.requestHeaders ? { requestHeaders: normalizeHeaderOps(d.requestHeaders) } : {}),
        ...(d.responseHeaders ? { responseHeaders: normalizeHeaderOps(d.responseHeaders) } : {}),
        ...(d.port !== undefined ? { port: d.port } : {}),
      }))
      .sort((a, b) => cmp(a.cluster, b.cluster) || a.weight - b.weight || (a.port ?? 0) - (b.port ?? 0)),
    mirror: mirror && { cluster: clusterName(mirror.service, mirror.version), percent: mirror.percent },
    extraMirrors:
      extraMirrors && extraMirrors.length > 0
        ? extraMirrors.map((m) => ({ cluster: clusterName(m.service, m.version), percent: m.percent }))
        : undefined,
    cors: normalizeCors(cors),
    requestHeaders: normalizeHeaderOps(requestHeaders),
    responseHeaders: normalizeHeaderOps(responseHeaders),
  };
}
