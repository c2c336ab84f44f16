import type { HeaderMatch, QueryMatch, Route, RouteMatch, RouteRule, StringMatch, UriMatch } from "../model/index.ts";
import { formatDuration } from "./durations.ts";
import { EMPTY_MATCH, sortedRecord, type K8sObject } from "./render.ts";

/** service name → host, to turn a destination's service into an Istio destination host. */
export type HostOf = (service: string) => string;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const stringMatch = (m: StringMatch): Record<string, string> => ({ [m.type]: m.value });

/** Gateway API's segment prefix as Istio writes it: a full-match regex, or `prefix: /` for the root (equivalent). */
function uriMatch(m: UriMatch): Record<string, string> {
  if (m.type !== "pathPrefix") return stringMatch(m as StringMatch);
  const base = m.value.replace(/\/+$/, "");
  return base === "" ? { prefix: "/" } : { regex: `${escapeRegex(base)}(/.*)?` };
}

function headerMatch(h: HeaderMatch): object {
  return h.type === "present" ? EMPTY_MATCH : { [h.type]: h.value };
}

/** Istio query matches know exact and regex only: a prefix becomes an anchored regex (RE2 matches whole values). */
function queryMatch(q: QueryMatch): object {
  if (q.type === "present") return EMPTY_MATCH;
  if (q.type === "prefix") return { regex: `${escapeRegex(q.value)}.*` };
  return { [q.type]: q.value };
}

/** Istio has one method matcher: several methods become an alternation regex, which import reads back. */
function methodMatch(methods: string[]): object | undefined {
  if (methods.length === 0) return undefined;
  return methods.length === 1 ? { exact: methods[0] } : { regex: [...methods].sort().join("|") };
}

function byName<T extends { name: string }>(items: T[], pick: (t: T) => object): Record<string, object> | undefined {
  if (items.length === 0) return undefined;
  return sortedRecord(Object.fromEntries(items.map((i) => [i.name, pick(i)])));
}

function httpMatch(m: RouteMatch): object {
  return {
    uri: m.uri && uriMatch(m.uri),
    method: methodMatch(m.methods),
    authority: m.authority && stringMatch(m.authority),
    headers: byName(
      m.headers.filter((h) => h.type !== "absent"),
      headerMatch,
    ),
    withoutHeaders: byName(
      m.headers.filter((h) => h.type === "absent"),
      () => EMPTY_MATCH,
    ),
    queryParams: byName(m.queryParams, queryMatch),
    port: m.port,
  };
}

/** A full-path rewrite is Istio's regex rewrite of the whole path; a regex rewrite is itself. */
function rewriteRegex(w: NonNullable<RouteRule["rewrite"]>): object | undefined {
  if (w.uriRegex) return { match: w.uriRegex.match, rewrite: w.uriRegex.rewrite };
  if (w.uri !== undefined) return { match: "^.*$", rewrite: w.uri };
  return undefined;
}

function headerOps(ops: RouteRule["requestHeaders"]): object | undefined {
  return ops && { set: sortedRecord(ops.set), add: sortedRecord(ops.add), remove: [...ops.remove].sort() };
}

function retries(r: RouteRule["retries"]): object | undefined {
  if (!r) return undefined;
  return {
    attempts: r.attempts,
    perTryTimeout: r.perTryTimeoutMs !== undefined ? formatDuration(r.perTryTimeoutMs) : undefined,
    retryOn: r.retryOn.join(","),
    backoff: formatDuration(r.backoffBaseMs),
  };
}

function fault(f: RouteRule["fault"]): object | undefined {
  if (!f) return undefined;
  return {
    delay: f.delay && { percentage: { value: f.delay.percent }, fixedDelay: formatDuration(f.delay.fixedDelayMs) },
    abort: f.abort && { percentage: { value: f.abort.percent }, httpStatus: f.abort.httpStatus },
  };
}

function cors(c: RouteRule["cors"]): object | undefined {
  if (!c) return undefined;
  return {
    allowOrigins: c.allowOrigins.map(stringMatch),
    allowMethods: c.allowMethods,
    allowHeaders: c.allowHeaders,
    exposeHeaders: c.exposeHeaders,
    maxAge: c.maxAgeSeconds !== undefined ? `${c.maxAgeSeconds}s` : undefined,
    allowCredentials: c.allowCredentials,
  };
}

/** Destination order does not change the split; sorting keeps exports of reordered meshes identical. */
const byDestination = (a: { service: string; version: string }, b: { service: string; version: string }) => {
  const ka = `${a.service}/${a.version}`;
  const kb = `${b.service}/${b.version}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

function httpRoute(rule: RouteRule, hostOf: HostOf): object {
  const headers =
    rule.requestHeaders || rule.responseHeaders
      ? { request: headerOps(rule.requestHeaders), response: headerOps(rule.responseHeaders) }
      : undefined;
  return {
    name: rule.name || undefined,
    match: rule.matches.map(httpMatch),
    route: [...rule.destinations].sort(byDestination).map((d) => ({
      destination: {
        host: hostOf(d.service),
        subset: d.version,
        port: d.port !== undefined ? { number: d.port } : undefined,
      },
      weight: d.weight,
      headers:
        d.requestHeaders || d.responseHeaders
          ? { request: headerOps(d.requestHeaders), response: headerOps(d.responseHeaders) }
          : undefined,
    })),
    redirect: rule.redirect && {
      uri: rule.redirect.uri,
      authority: rule.redirect.authority,
      scheme: rule.redirect.scheme,
      port: rule.redirect.port,
      // FROM_LISTENER_PORT (Gateway API's default) is what Istio's gateways do without a port: the Host's port.
      derivePort: rule.redirect.derivePort === "FROM_LISTENER_PORT" ? undefined : rule.redirect.derivePort,
      redirectCode: rule.redirect.responseCode,
    },
    directResponse: rule.directResponse && {
      status: rule.directResponse.status,
      body: { string: rule.directResponse.body },
    },
    rewrite: rule.rewrite && {
      uri: rule.rewrite.uriPrefix,
      authority: rule.rewrite.authority,
      uriRegexRewrite: rewriteRegex(rule.rewrite),
    },
    timeout: rule.timeoutMs !== undefined ? formatDuration(rule.timeoutMs) : undefined,
    retries: retries(rule.retries),
    fault: fault(rule.fault),
    mirror: rule.mirror && { host: hostOf(rule.mirror.service), subset: rule.mirror.version },
    mirrorPercentage: rule.mirror && { value: rule.mirror.percent },
    mirrors: rule.extraMirrors?.map((m) => ({
      destination: { host: hostOf(m.service), subset: m.version },
      percentage: { value: m.percent },
    })),
    corsPolicy: cors(rule.cors),
    headers,
  };
}

/**
 * One VirtualService per route; rule order is kept because Istio, like Signalbox, takes the first match. A gateway
 * in another namespace than the route's is written `<namespace>/<name>` (Istio reads a bare name in the route's).
 */
export function virtualService(
  route: Route,
  namespace: string,
  hostOf: HostOf,
  gatewayNamespace: (name: string) => string = () => namespace,
): K8sObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: route.name, namespace },
    spec: {
      hosts: [...route.hosts].sort(),
      gateways: [...route.gateways]
        .sort()
        .map((g) => (gatewayNamespace(g) === namespace ? g : `${gatewayNamespace(g)}/${g}`)),
      http: route.rules.map((r) => httpRoute(r, hostOf)),
    },
  };
}
