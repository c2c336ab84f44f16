import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import type { CompiledRule } from "../../lib/core/index.ts";

/**
 * Header lists as flat [name, value, name, value, …] arrays, the form node's rawHeaders, undici's dispatch
 * and res.writeHead() all take: built once per request, no object copies, no per-name validation twice.
 */
export type RawHeaders = string[];

/**
 * Lower-cased name when it is one the proxy treats specially (hop-by-hop, x-forwarded-*, x-request-id, host,
 * expect), else null. Most names are rejected on their length alone, without lower-casing.
 */
function special(name: string): string | null {
  switch (name.length) {
    case 2: // te
    case 4: // host
    case 6: // expect
    case 7: // trailer, upgrade
    case 10: // connection, keep-alive
    case 12: // x-request-id
    case 15: // x-forwarded-for
    case 16: // proxy-connection, x-forwarded-host
    case 17: // transfer-encoding, x-forwarded-proto
    case 18: // proxy-authenticate
    case 19: // proxy-authorization
      return name.toLowerCase();
    default:
      return null;
  }
}

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

/** Names listed in Connection (beyond close/keep-alive) are hop-by-hop too. */
function connectionTokens(value: string, into: Set<string> | null): Set<string> | null {
  for (const t of value.split(",")) {
    const n = t.trim().toLowerCase();
    if (n && n !== "close" && n !== "keep-alive") (into ??= new Set()).add(n);
  }
  return into;
}

function dropNamed(out: RawHeaders, names: Set<string>): RawHeaders {
  const kept: RawHeaders = [];
  for (let i = 0; i < out.length; i += 2) if (!names.has(out[i]!.toLowerCase())) kept.push(out[i]!, out[i + 1]!);
  return kept;
}

export interface UpstreamHeaderInfo {
  clientIp: string | undefined;
  requestId: string;
  /** rewrite.authority: replaces Host. */
  authority: string | undefined;
}

/**
 * The upstream request's headers from req.rawHeaders: hop-by-hop (and Connection-named) fields and Expect
 * dropped, x-forwarded-for appended to, x-forwarded-proto/-host and x-request-id set.
 */
export function upstreamRequestHeaders(req: IncomingMessage, info: UpstreamHeaderInfo): RawHeaders {
  const raw = req.rawHeaders;
  const out: RawHeaders = [];
  let xff = "";
  let host = "";
  let extra: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = special(name);
    if (lower === null) {
      out.push(name, raw[i + 1]!);
      continue;
    }
    const value = raw[i + 1]!;
    if (lower === "connection") extra = connectionTokens(value, extra);
    else if (lower === "x-forwarded-for") xff = xff ? `${xff}, ${value}` : value;
    else if (lower === "host") host = value;
    else if (
      !HOP_BY_HOP.has(lower) &&
      lower !== "expect" &&
      lower !== "x-forwarded-proto" &&
      lower !== "x-forwarded-host" &&
      lower !== "x-request-id"
    )
      out.push(name, value);
  }
  const ip = info.clientIp ?? "unknown";
  const upstreamHost = info.authority ?? host;
  if (upstreamHost !== "") out.push("host", upstreamHost);
  out.push(
    "x-forwarded-for",
    xff ? `${xff}, ${ip}` : ip,
    "x-forwarded-proto",
    "http",
    "x-forwarded-host",
    host,
    "x-request-id",
    info.requestId,
  );
  return extra === null ? out : dropNamed(out, extra);
}

/** Response headers from undici's raw Buffer pairs, hop-by-hop fields dropped. */
export function downstreamResponseHeaders(raw: Buffer[]): RawHeaders {
  const out: RawHeaders = [];
  let extra: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1");
    const value = raw[i + 1]!.toString("latin1");
    const lower = special(name);
    if (lower !== null && HOP_BY_HOP.has(lower)) {
      if (lower === "connection") extra = connectionTokens(value, extra);
      continue;
    }
    out.push(name, value);
  }
  return extra === null ? out : dropNamed(out, extra);
}

type HeaderOps = NonNullable<CompiledRule["requestHeaders"]>;

function removeAll(out: RawHeaders, name: string): void {
  let w = 0;
  for (let i = 0; i < out.length; i += 2) {
    if (out[i]!.toLowerCase() === name) continue;
    out[w++] = out[i]!;
    out[w++] = out[i + 1]!;
  }
  out.length = w;
}

/** Istio order on a raw list: set (replaces every value), then add (appends), then remove. */
export function applyRawHeaderOps(out: RawHeaders, ops: HeaderOps | undefined): void {
  if (!ops) return;
  for (const [k, v] of Object.entries(ops.set)) {
    removeAll(out, k.toLowerCase());
    out.push(k.toLowerCase(), v);
  }
  for (const [k, v] of Object.entries(ops.add)) out.push(k.toLowerCase(), v);
  for (const k of ops.remove) removeAll(out, k.toLowerCase());
}

/** Object form (repeated names become arrays), for a response that already has headers set with setHeader. */
export function toHeaderObject(raw: RawHeaders): OutgoingHttpHeaders {
  const o: OutgoingHttpHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i]!.toLowerCase();
    const prev = o[k];
    const v = raw[i + 1]!;
    o[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [String(prev), v];
  }
  return o;
}

/** What the pipeline reads from the request head, in one pass over rawHeaders (req.headers is never built). */
export interface RequestScan {
  /** First Host value, "" when absent. */
  host: string;
  /** First x-request-id value, "" when absent. */
  requestId: string;
  transferEncoding: boolean;
  /** First content-length value. */
  contentLength: string | undefined;
}

export function scanRequest(raw: readonly string[]): RequestScan {
  const out: RequestScan = { host: "", requestId: "", transferEncoding: false, contentLength: undefined };
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    switch (name.length) {
      case 4:
        if (out.host === "" && name.toLowerCase() === "host") out.host = raw[i + 1]!;
        break;
      case 12:
        if (out.requestId === "" && name.toLowerCase() === "x-request-id") out.requestId = raw[i + 1]!;
        break;
      case 14:
        if (out.contentLength === undefined && name.toLowerCase() === "content-length") out.contentLength = raw[i + 1]!;
        break;
      case 17:
        if (name.toLowerCase() === "transfer-encoding") out.transferEncoding = true;
        break;
    }
  }
  return out;
}
