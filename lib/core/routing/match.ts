import { testNamed, testString, type CompiledMatch } from "./matchers.ts";
import type { HostIndex, RouteEntry, RouteTable, VirtualHostEntry } from "./table.ts";

export type HeaderValue = string | readonly string[] | undefined;

export interface RequestInfo {
  /** Host header (or :authority) as received, port included. */
  host: string;
  /** Path without the query string. */
  path: string;
  method: string;
  /** Header names lower-case, as node:http delivers them. */
  headers: Readonly<Record<string, HeaderValue>>;
  /** Only consulted when the table has query matches; see parseQuery. */
  query?: Readonly<Record<string, string | undefined>> | null;
  /** The listener port the request came in on; only consulted when the table has port matches (usesPort). */
  port?: number;
}

/** Lower-cases and strips the port (and a trailing dot): "API.example.com:8080" -> "api.example.com". */
export function hostWithoutPort(host: string): string {
  let h = host;
  if (h.charCodeAt(0) === 91 /* [ */) {
    const end = h.indexOf("]");
    h = end === -1 ? h : h.slice(0, end + 1);
  } else {
    const colon = h.indexOf(":");
    if (colon !== -1 && h.indexOf(":", colon + 1) === -1) h = h.slice(0, colon);
  }
  if (h.endsWith(".")) h = h.slice(0, -1);
  return h.toLowerCase();
}

/**
 * The short name of a Kubernetes service FQDN ("reviews.default.svc.cluster.local" or "reviews.default.svc"
 * -> "reviews"), else null. Istio reads a short host in a VirtualService as that service in the rule's
 * namespace; Signalbox has one flat namespace, so a client calling the FQDN reaches the short host's rules.
 */
function kubernetesShortName(h: string): string | null {
  const end = h.endsWith(".svc.cluster.local") ? h.length - 18 : h.endsWith(".svc") ? h.length - 4 : -1;
  if (end <= 0) return null;
  const dot = h.indexOf(".");
  // name.namespace.svc…: exactly one dot between the name and ".svc".
  return dot > 0 && dot < end && h.indexOf(".", dot + 1) === end ? h.slice(0, dot) : null;
}

/**
 * Host lookup: exact domain, then a Kubernetes FQDN's short name, then the longest matching `*.suffix`, then `*`.
 * `port`, the gateway listener port the request came in on, matters only when routes differ between ports.
 */
export function findVirtualHost(table: RouteTable, host: string, port?: number): VirtualHostEntry | null {
  const index: HostIndex = (port !== undefined && table.ports.get(port)) || table;
  const h = hostWithoutPort(host);
  const exact = index.exact.get(h);
  if (exact) return exact;
  const short = kubernetesShortName(h);
  if (short !== null) {
    const byShort = index.exact.get(short);
    if (byShort) return byShort;
  }
  for (const w of index.wildcards) {
    if (h.length > w.suffix.length && h.endsWith(w.suffix)) return w.entry;
  }
  return index.any;
}

/** The first rule of the request's virtual host that matches, or null (the proxy answers 404). */
export function matchRequest(table: RouteTable, req: RequestInfo, port?: number): RouteEntry | null {
  const vh = findVirtualHost(table, req.host, port);
  if (!vh) return null;
  for (const entry of vh.rules) {
    if (entry.matches.length === 0) return entry;
    for (const m of entry.matches) if (matchOne(m, req)) return entry;
  }
  return null;
}

/**
 * The match of `entry` that selects `req` (the first that holds), or null for a rule without matches.
 * Not on the hot path: only actions that depend on the selecting match (uri rewrite) ask for it.
 */
export function selectingMatch(entry: RouteEntry, req: RequestInfo): CompiledMatch | null {
  for (const m of entry.matches) if (matchOne(m, req)) return m;
  return null;
}

function headerValue(v: HeaderValue): string | undefined {
  if (v === undefined || typeof v === "string") return v;
  return v.length === 0 ? undefined : v.join(", ");
}

function matchOne(m: CompiledMatch, req: RequestInfo): boolean {
  if (m.port !== null && req.port !== m.port) return false;
  if (m.methods !== null && !m.methods.includes(req.method)) return false;
  if (m.uri !== null && !testString(m.uri, req.path)) return false;
  if (m.authority !== null && !testString(m.authority, req.host)) return false;
  for (const h of m.headers) if (!testNamed(h, headerValue(req.headers[h.name]))) return false;
  if (m.query.length > 0) {
    const q = req.query;
    for (const p of m.query) {
      const v = q != null && Object.hasOwn(q, p.name) ? q[p.name] : undefined;
      if (!testNamed(p, v)) return false;
    }
  }
  return true;
}

/** Parses a raw query string (without "?"); the first value of a repeated name wins. */
export function parseQuery(raw: string): Record<string, string> {
  // No prototype: names like "constructor" must not look present.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (raw === "") return out;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decode(eq === -1 ? part : part.slice(0, eq));
    if (out[name] === undefined) out[name] = eq === -1 ? "" : decode(part.slice(eq + 1));
  }
  return out;
}

function decode(s: string): string {
  const plus = s.includes("+") ? s.replace(/\+/g, " ") : s;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}
