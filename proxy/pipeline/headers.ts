import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { CompiledRule } from "../../lib/core/index.ts";

/** RFC 9110 §7.6.1 connection-specific fields, plus the de-facto ones proxies also drop. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Fields named in Connection are hop-by-hop too; usually there are none beyond keep-alive/close. */
function connectionTokens(headers: IncomingHttpHeaders): Set<string> | null {
  const c = headers.connection;
  if (!c) return null;
  const set = new Set<string>();
  for (const t of c.split(",")) {
    const n = t.trim().toLowerCase();
    if (n && n !== "close" && n !== "keep-alive") set.add(n);
  }
  return set.size > 0 ? set : null;
}

/** Copies end-to-end headers; `keepUpgrade` keeps Connection/Upgrade for WebSocket hand-off. */
export function stripHopByHop(headers: IncomingHttpHeaders, keepUpgrade = false): OutgoingHttpHeaders {
  const extra = connectionTokens(headers);
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    const kept = keepUpgrade && (name === "upgrade" || name === "connection");
    if (kept) {
      out[name] = headers[name];
      continue;
    }
    if (HOP_BY_HOP.has(name)) continue;
    if (extra !== null && extra.has(name)) continue;
    out[name] = headers[name];
  }
  return out;
}

export interface ForwardedInfo {
  clientIp: string | undefined;
  host: string;
  requestId: string;
}

/** x-forwarded-for appends the peer; -proto and -host describe this hop (we only listen on plain HTTP). */
export function addForwarded(out: OutgoingHttpHeaders, incoming: IncomingHttpHeaders, f: ForwardedInfo): void {
  const prior = incoming["x-forwarded-for"];
  const ip = f.clientIp ?? "unknown";
  out["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${ip}` : ip;
  out["x-forwarded-proto"] = "http";
  out["x-forwarded-host"] = f.host;
  out["x-request-id"] = f.requestId;
}

type HeaderOps = NonNullable<CompiledRule["requestHeaders"]>;

/** Istio order: set, then add (appends to an existing value), then remove. */
export function applyHeaderOps(out: OutgoingHttpHeaders, ops: HeaderOps | undefined): void {
  if (!ops) return;
  for (const [k, v] of Object.entries(ops.set)) out[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(ops.add)) {
    const name = k.toLowerCase();
    const prev = out[name];
    if (prev === undefined) out[name] = v;
    else if (Array.isArray(prev)) out[name] = [...prev, v];
    else out[name] = [String(prev), v];
  }
  for (const k of ops.remove) delete out[k.toLowerCase()];
}
