import type { HeaderMatch, QueryMatch, RouteMatch, RouteRule } from "../model/index.ts";
import {
  BACKEND_PORT,
  backendName,
  escapeRegex,
  gatewayDuration,
  isNoBackendResponse,
  originToGatewayApi,
} from "./gateway-api-shared.ts";
import { sortedRecord } from "./render.ts";

export interface Unsupported {
  path: (string | number)[];
  message: string;
}
type Path = (string | number)[];

const PATH_TYPE = {
  exact: "Exact",
  prefix: "PathPrefix",
  pathPrefix: "PathPrefix",
  regex: "RegularExpression",
} as const;
const REDIRECT_CODES = [301, 302, 303, 307, 308];

/** Gateway API matches headers and query params by Exact or RegularExpression only. */
function valueMatch(m: HeaderMatch | QueryMatch, path: Path, out: Unsupported[]): object | undefined {
  if (m.type === "exact") return { type: "Exact", name: m.name, value: m.value };
  if (m.type === "regex") return { type: "RegularExpression", name: m.name, value: m.value };
  if (m.type === "absent")
    return void out.push({ path, message: `absence of ${m.name} cannot be expressed; the exported match is broader` });
  const value = m.type === "prefix" ? `${escapeRegex(m.value)}.*` : ".*";
  out.push({
    path,
    message: `${m.type} match on ${m.name} exported as RegularExpression "${value}" (implementation-specific support)`,
  });
  return { type: "RegularExpression", name: m.name, value };
}

/** Conditions of one match are ANDed: sort them so reordered meshes export identically. */
/** Keeps each matcher's original index so reported paths point into the mesh, not the sorted copy. */
const sortMatchers = <T extends HeaderMatch | QueryMatch>(list: T[]): [T, number][] =>
  list
    .map((m, i): [T, number] => [m, i])
    .sort(([a], [b]) => {
      const ka = `${a.name}\u0000${a.type}\u0000${a.value}`;
      const kb = `${b.name}\u0000${b.type}\u0000${b.value}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });

/** One Signalbox match with several methods becomes one Gateway API match per method (they are ORed). */
function matches(m: RouteMatch, path: Path, out: Unsupported[]): object[] {
  if (m.authority)
    out.push({
      path: [...path, "authority"],
      message: "authority matches are route hostnames in Gateway API; dropped from the match",
    });
  if (m.port !== undefined)
    out.push({
      path: [...path, "port"],
      message: `Gateway API matches have no port: bind the route to listener port ${m.port} (parentRefs port) instead; dropped from the match`,
    });
  if (m.uri?.type === "prefix" && m.uri.value !== "/")
    out.push({
      path: [...path, "uri"],
      message: `character prefix ${m.uri.value} exported as PathPrefix, which matches whole path segments only`,
    });
  const base = {
    path: m.uri && { type: PATH_TYPE[m.uri.type], value: m.uri.value },
    headers: sortMatchers(m.headers).flatMap(([h, i]) => valueMatch(h, [...path, "headers", i], out) ?? []),
    queryParams: sortMatchers(m.queryParams).flatMap(([q, i]) => valueMatch(q, [...path, "queryParams", i], out) ?? []),
  };
  return m.methods.length === 0 ? [base] : [...m.methods].sort().map((method) => ({ ...base, method }));
}

function headerFilter(
  type: "RequestHeaderModifier" | "ResponseHeaderModifier",
  ops: RouteRule["requestHeaders"],
): object | undefined {
  if (!ops) return undefined;
  const list = (rec: Record<string, string>) =>
    Object.entries(sortedRecord(rec)).map(([name, value]) => ({ name, value }));
  const key = type === "RequestHeaderModifier" ? "requestHeaderModifier" : "responseHeaderModifier";
  return { type, [key]: { set: list(ops.set), add: list(ops.add), remove: [...ops.remove].sort() } };
}

function redirect(r: NonNullable<RouteRule["redirect"]>, path: Path, out: Unsupported[]): object {
  let code = r.responseCode;
  if (!REDIRECT_CODES.includes(code)) {
    out.push({
      path: [...path, "redirect", "responseCode"],
      message: `redirect code ${code} is not allowed by Gateway API; exported as 301`,
    });
    code = 301;
  }
  // Gateway API's own defaults need no port; Istio's "the Host as it came" and FROM_REQUEST_PORT cannot be said.
  const implied = r.derivePort === (r.scheme ? "FROM_PROTOCOL_DEFAULT" : "FROM_LISTENER_PORT");
  if (r.port === undefined && !implied)
    out.push({
      path: [...path, "redirect", "derivePort"],
      message: r.derivePort
        ? `derivePort ${r.derivePort} cannot be expressed; the Location takes Gateway API's default port`
        : "Istio keeps the request's host and port in the Location; Gateway API writes the listener's port",
    });
  return {
    type: "RequestRedirect",
    requestRedirect: {
      scheme: r.scheme,
      hostname: r.authority,
      port: r.port,
      path: pathModifier(r),
      statusCode: code,
    },
  };
}

/** ReplaceFullPath or ReplacePrefixMatch, from `uri` or `uriPrefix`. */
function pathModifier(r: { uri?: string; uriPrefix?: string }): object | undefined {
  if (r.uri !== undefined) return { type: "ReplaceFullPath", replaceFullPath: r.uri };
  if (r.uriPrefix !== undefined) return { type: "ReplacePrefixMatch", replacePrefixMatch: r.uriPrefix };
  return undefined;
}

function cors(c: NonNullable<RouteRule["cors"]>, path: Path, out: Unsupported[]): object {
  c.allowOrigins.forEach((o, i) => {
    if (originToGatewayApi(o) === null)
      out.push({
        path: [...path, "cors", "allowOrigins", i],
        message: `${o.type} origin "${o.value}" cannot be expressed (exact origins and * wildcards only)`,
      });
  });
  return {
    type: "CORS",
    cors: {
      allowOrigins: c.allowOrigins.map(originToGatewayApi).filter((o): o is string => o !== null),
      allowMethods: c.allowMethods,
      allowHeaders: c.allowHeaders,
      exposeHeaders: c.exposeHeaders,
      maxAge: c.maxAgeSeconds !== undefined && c.maxAgeSeconds >= 1 ? c.maxAgeSeconds : undefined,
      allowCredentials: c.allowCredentials,
    },
  };
}

/**
 * The namespace a backendRef names: the service's when it is not the route's (Gateway API resolves a ref without
 * one in the route's namespace), else none.
 */
export type RefNamespace = (service: string) => string | undefined;

function mirror(m: NonNullable<RouteRule["mirror"]>, ns: RefNamespace): object {
  const share = Number.isInteger(m.percent)
    ? { percent: m.percent }
    : { fraction: { numerator: Math.round(m.percent * 100), denominator: 10000 } };
  return {
    type: "RequestMirror",
    requestMirror: {
      backendRef: { name: backendName(m.service, m.version), namespace: ns(m.service), port: BACKEND_PORT },
      ...share,
    },
  };
}

function notes(rule: RouteRule, path: Path, out: Unsupported[]): void {
  // A per-try timeout is timeouts.backendRequest; further attempts are not in the standard channel.
  if (rule.retries && rule.retries.attempts > 0)
    out.push({ path: [...path, "retries"], message: "retries are not in the Gateway API standard channel" });
  if (rule.fault) out.push({ path: [...path, "fault"], message: "fault injection has no Gateway API equivalent" });
  // A 500 with no body and no backends is exactly a Gateway API rule without backendRefs.
  if (rule.directResponse && !(isNoBackendResponse(rule.directResponse) && rule.destinations.length === 0))
    out.push({
      path: [...path, "directResponse"],
      message: "direct responses have no Gateway API equivalent; the rule is exported without backends",
    });
  const prefixed = (r: { uriPrefix?: string } | undefined, at: string) => {
    if (r?.uriPrefix !== undefined && !rule.matches.every((m) => m.uri?.type === "pathPrefix"))
      out.push({
        path: [...path, at],
        message: "ReplacePrefixMatch needs PathPrefix matches on every match of the rule",
      });
  };
  prefixed(rule.rewrite, "rewrite");
  prefixed(rule.redirect, "redirect");
  if (rule.rewrite?.uriRegex)
    out.push({ path: [...path, "rewrite", "uriRegex"], message: "regex rewrites have no Gateway API equivalent" });
}

/** `request`: the route timeout; `backendRequest`: the per-try timeout (each request to a backend). */
function timeouts(rule: RouteRule): object | undefined {
  const perTry = rule.retries?.perTryTimeoutMs;
  if (rule.timeoutMs === undefined && perTry === undefined) return undefined;
  return {
    request: rule.timeoutMs !== undefined ? gatewayDuration(rule.timeoutMs) : undefined,
    backendRequest: perTry !== undefined ? gatewayDuration(perTry) : undefined,
  };
}

export function gatewayRule(rule: RouteRule, path: Path, out: Unsupported[], ns: RefNamespace): object {
  notes(rule, path, out);
  const filters = [
    headerFilter("RequestHeaderModifier", rule.requestHeaders),
    headerFilter("ResponseHeaderModifier", rule.responseHeaders),
    rule.redirect && redirect(rule.redirect, path, out),
    rule.rewrite && {
      type: "URLRewrite",
      urlRewrite: { hostname: rule.rewrite.authority, path: pathModifier(rule.rewrite) },
    },
    rule.mirror && mirror(rule.mirror, ns),
    ...(rule.extraMirrors ?? []).map((m) => mirror(m, ns)),
    rule.cors && cors(rule.cors, path, out),
  ].filter((f) => f !== undefined);
  const dests = [...rule.destinations].sort((a, b) =>
    backendName(a.service, a.version) < backendName(b.service, b.version) ? -1 : 1,
  );
  return {
    name: rule.name || undefined,
    matches: rule.matches.flatMap((m, i) => matches(m, [...path, "matches", i], out)),
    filters,
    backendRefs: dests.map((d) => {
      const own = [
        headerFilter("RequestHeaderModifier", d.requestHeaders),
        headerFilter("ResponseHeaderModifier", d.responseHeaders),
      ].filter((f) => f !== undefined);
      return {
        name: backendName(d.service, d.version),
        namespace: ns(d.service),
        port: d.port ?? BACKEND_PORT,
        weight: d.weight,
        filters: own.length > 0 ? own : undefined,
      };
    }),
    timeouts: timeouts(rule),
  };
}
