import { hostWithoutPort } from "./match.ts";
import { normalizePath, type PathPolicy, type PathRejection } from "./path-normalization.ts";

/** RFC 9112 §3.2: a request target in origin form ("/p?q"), absolute form ("http://h/p?q") or asterisk form ("*"). */
export interface RequestTarget {
  /** The normalized path, without query or fragment: what routes match and the upstream receives. */
  path: string;
  /** The query string with its "?" (kept as received), or "". */
  query: string;
}

const ABSOLUTE = /^(https?):\/\/([^/?#]*)/i;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: "80", https: "443" };

/**
 * Splits and normalizes a request target (`req.url`) received with Host `host`, or says why it is refused (400):
 * an absolute-form target whose authority is not the Host (case and default port aside: the upstream and the
 * route must not disagree on the host), userinfo in it, or any other form than origin, absolute or "*". A
 * fragment is dropped (clients must not send one; Envoy strips it too).
 */
export function parseRequestTarget(target: string, host: string, policy: PathPolicy): RequestTarget | PathRejection {
  let rest = target;
  if (target.charCodeAt(0) !== 47 /* / */) {
    if (target === "*") return { path: "*", query: "" };
    const m = ABSOLUTE.exec(target);
    if (m === null) return { rejected: "request target is neither a path nor an absolute http URL" };
    if (m[2]!.includes("@")) return { rejected: "userinfo in the request target" };
    const scheme = m[1]!.toLowerCase();
    if (canonicalAuthority(m[2]!, scheme) !== canonicalAuthority(host, scheme))
      return { rejected: "the Host header disagrees with the request target" };
    rest = target.slice(m[0].length) || "/";
    if (rest.charCodeAt(0) !== 47) rest = `/${rest}`;
  }
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  const q = rest.indexOf("?");
  const raw = q === -1 ? rest : rest.slice(0, q);
  const path = normalizePath(raw, policy);
  if (typeof path !== "string") return path;
  return { path, query: q === -1 ? "" : rest.slice(q) };
}

/** "Example.COM:80" → "example.com" for http; a non-default port is kept. */
export function canonicalAuthority(authority: string, scheme = "http"): string {
  const host = hostWithoutPort(authority);
  const port = portOf(authority);
  return port === "" || port === DEFAULT_PORTS[scheme] ? host : `${host}:${port}`;
}

function portOf(authority: string): string {
  const end = authority.charCodeAt(0) === 91 /* [ */ ? authority.indexOf("]") + 1 : 0;
  const colon = authority.indexOf(":", end);
  return colon === -1 || (end === 0 && authority.indexOf(":", colon + 1) !== -1) ? "" : authority.slice(colon + 1);
}
