import type { RouteRule } from "../model/index.ts";
import { MatchKind, segmentPrefix, type CompiledMatch } from "./matchers.ts";
import { regexReplaceAll } from "./re2.ts";

/**
 * The path under a prefix replacement (Istio `rewrite.uri`, Gateway API ReplacePrefixMatch), decided by the match
 * that selected the request:
 * - Istio `prefix`: characters are replaced as written (`/strip` + `/` on `/strip/three` gives `//three`, as Envoy);
 * - Gateway API `pathPrefix`: whole segments, so the replacement's trailing `/` and the rest's leading `/` never
 *   double (`/strip` → `/` on `/strip/three` gives `/three`, on `/strip` gives `/`);
 * - an exact or regex match, or none: the whole path is replaced.
 */
export function replacePrefix(selected: CompiledMatch | null, path: string, replacement: string): string {
  const uri = selected?.uri;
  if (uri?.kind === MatchKind.Prefix && path.startsWith(uri.value)) return replacement + path.slice(uri.value.length);
  if (uri?.kind === MatchKind.PathPrefix && segmentPrefix(uri.value, path)) {
    const joined = replacement.replace(/\/+$/, "") + path.slice(uri.value.length);
    return joined === "" ? "/" : joined;
  }
  return replacement;
}

/** Istio uriRegexRewrite: every RE2 match of `match` in the path replaced by `rewrite` (`\1` names a group). */
export function regexRewrite(path: string, match: string, rewrite: string): string {
  return regexReplaceAll(match, path, rewrite.replace(/\\(\d)/g, "$$$1"));
}

/** The upstream path under the rule's rewrite (undefined: none); `path` has no query string. */
export function rewrittenPath(
  rewrite: NonNullable<RouteRule["rewrite"]>,
  selected: CompiledMatch | null,
  path: string,
): string {
  if (rewrite.uri !== undefined) return rewrite.uri;
  if (rewrite.uriRegex !== undefined) return regexRewrite(path, rewrite.uriRegex.match, rewrite.uriRegex.rewrite);
  if (rewrite.uriPrefix !== undefined) return replacePrefix(selected, path, rewrite.uriPrefix);
  return path;
}

export interface RedirectRequest {
  /** The Host header as received (port included). */
  host: string;
  /** The normalized path, without the query. */
  path: string;
  /** "?…" or "". */
  query: string;
  selected: CompiledMatch | null;
  /** The port of the gateway listener the request came to (FROM_LISTENER_PORT). */
  listenerPort: number;
  /** How the request came: a redirect that names no scheme keeps it (Gateway API: "the scheme of the request"). */
  scheme?: "http" | "https";
}

const DEFAULT_PORT = { http: 80, https: 443 } as const;

function splitHost(host: string): { name: string; port: number | null } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  if (!m) return { name: host, port: null };
  return { name: m[1]!, port: m[2] === undefined ? null : Number(m[2]) };
}

/**
 * The Location of a redirect. The path: `uri` (the whole path), `uriPrefix` (as replacePrefix), else unchanged;
 * the query is kept (Envoy's path_redirect). Host and port: see the model (RouteRule.redirect).
 */
export function redirectLocation(r: NonNullable<RouteRule["redirect"]>, req: RedirectRequest): string {
  const scheme = r.scheme ?? req.scheme ?? "http";
  const path = r.uri ?? (r.uriPrefix !== undefined ? replacePrefix(req.selected, req.path, r.uriPrefix) : req.path);
  const target = path + req.query;
  if (r.port === undefined && r.derivePort === undefined) return `${scheme}://${r.authority ?? req.host}${target}`;
  const requested = splitHost(req.host);
  const name = r.authority !== undefined ? splitHost(r.authority).name : requested.name;
  const port =
    r.port ??
    (r.derivePort === "FROM_REQUEST_PORT"
      ? requested.port
      : r.derivePort === "FROM_LISTENER_PORT"
        ? req.listenerPort
        : null);
  const explicit = port !== null && port !== DEFAULT_PORT[scheme];
  return `${scheme}://${name}${explicit ? `:${port}` : ""}${target}`;
}
