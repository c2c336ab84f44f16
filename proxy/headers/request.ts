import { connectionTokens, dropNamed, HOP_BY_HOP, specialName } from "./hop-by-hop.ts";
import type { RawHeaders } from "./ops.ts";

/** What the pipeline reads from the request head, in one pass over rawHeaders (req.headers is never built). */
export interface RequestScan {
  /** First Host value, "" when absent. */
  host: string;
  /** Host fields seen: more than one is refused (400), as the upstream might read another one than we routed by. */
  hostCount: number;
  /** The X-Forwarded-For values joined with ", "; read only with trusted hops (client address). */
  forwardedFor: string;
  /** First x-request-id value, "" when absent. */
  requestId: string;
  transferEncoding: boolean;
  /** First content-length value. */
  contentLength: string | undefined;
  /** A gRPC request (content-type application/grpc…): deadlines, local replies and grpc-status apply. */
  grpc: boolean;
  /** The first grpc-timeout value, "" when absent. */
  grpcTimeout: string;
}

export function scanRequest(raw: readonly string[]): RequestScan {
  const out: RequestScan = {
    host: "",
    hostCount: 0,
    forwardedFor: "",
    requestId: "",
    transferEncoding: false,
    contentLength: undefined,
    grpc: false,
    grpcTimeout: "",
  };
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === "host" && out.hostCount++ === 0) out.host = raw[i + 1]!;
        break;
      case 12: {
        // x-request-id, content-type and grpc-timeout are all 12 long: the first letter tells them apart.
        const first = name.charCodeAt(0) | 0x20;
        if (first === 120 /* x */) {
          if (out.requestId === "" && name.toLowerCase() === "x-request-id") out.requestId = raw[i + 1]!;
        } else if (first === 99 /* c */) {
          if (name.toLowerCase() === "content-type") out.grpc = raw[i + 1]!.startsWith("application/grpc");
        } else if (first === 103 /* g */ && out.grpcTimeout === "" && name.toLowerCase() === "grpc-timeout")
          out.grpcTimeout = raw[i + 1]!;
        break;
      }
      case 15:
        // Accept-Encoding and Accept-Language are 15 long too: look at the first letter before lower-casing.
        if ((name.charCodeAt(0) | 0x20) === 120 /* x */ && name.toLowerCase() === "x-forwarded-for")
          out.forwardedFor = out.forwardedFor ? `${out.forwardedFor}, ${raw[i + 1]!}` : raw[i + 1]!;
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

export interface UpstreamHeaderInfo {
  /** The request's Host as scanRequest read it (the first one): the one it was routed by. */
  host: string;
  /** The peer's address, appended to x-forwarded-for. */
  clientIp: string | undefined;
  requestId: string;
  /** "https" on an HTTPS listener (x-forwarded-proto); default "http". */
  scheme?: "http" | "https";
  /** rewrite.authority: replaces Host. */
  authority: string | undefined;
  /**
   * An Upgrade (WebSocket) hand-off: Connection and Upgrade are kept, as is Expect (node's server answers it
   * only for ordinary requests; undici, which refuses it, is not used for upgrades).
   */
  upgrade: boolean;
  /**
   * The peer is a trusted proxy (`--xff-trusted-hops` > 0): its x-forwarded-proto and -host are kept when present,
   * as they describe the original request better than this hop can.
   */
  trustedPeer?: boolean;
}

/** Set by this hop, whatever the client sent (x-forwarded-for is appended to instead). */
function replacedByUs(lower: string, trustedPeer: boolean): boolean {
  if (lower === "x-request-id") return true;
  return !trustedPeer && (lower === "x-forwarded-proto" || lower === "x-forwarded-host");
}

/**
 * The upstream request's headers from the client's rawHeaders: hop-by-hop and Connection-named fields and Expect
 * dropped (see `upgrade` for the exceptions), then this hop's own fields added, so a Connection header cannot name
 * them away: x-forwarded-for appended to (the client's values joined, then the peer), x-forwarded-proto/-host and
 * x-request-id set. Host is `info.host` (or `authority` when given); the pipeline refuses a repeated Host before.
 */
export function upstreamRequestHeaders(raw: readonly string[], info: UpstreamHeaderInfo): RawHeaders {
  let out: RawHeaders = [];
  const upgrade = info.upgrade;
  const trusted = info.trustedPeer === true;
  let xff = "";
  let proto = "";
  let forwardedHost = "";
  let extra: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = specialName(name);
    if (lower === null) {
      out.push(name, raw[i + 1]!);
      continue;
    }
    const value = raw[i + 1]!;
    if (lower === "connection") {
      extra = connectionTokens(value, extra);
      if (upgrade) out.push(name, value);
    } else if (lower === "x-forwarded-for") xff = xff ? `${xff}, ${value}` : value;
    else if (lower === "host") continue;
    else if (upgrade && (lower === "upgrade" || lower === "expect")) out.push(name, value);
    else if (trusted && lower === "x-forwarded-proto") proto ||= value;
    else if (trusted && lower === "x-forwarded-host") forwardedHost ||= value;
    else if (!HOP_BY_HOP.has(lower) && lower !== "expect" && !replacedByUs(lower, trusted)) out.push(name, value);
  }
  if (extra !== null) {
    if (upgrade) {
      // "Connection: Upgrade" names the Upgrade field, which this hand-off forwards on purpose.
      extra.delete("upgrade");
      extra.delete("connection");
    }
    out = dropNamed(out, extra);
    // The client's own x-forwarded-* go with the names it asked this hop to drop; this hop's are added below.
    if (extra.has("x-forwarded-for")) xff = "";
    if (extra.has("x-forwarded-proto")) proto = "";
    if (extra.has("x-forwarded-host")) forwardedHost = "";
  }
  const ip = info.clientIp ?? "unknown";
  const host = info.host;
  const upstreamHost = info.authority ?? host;
  if (upstreamHost !== "") out.push("host", upstreamHost);
  out.push(
    "x-forwarded-for",
    xff ? `${xff}, ${ip}` : ip,
    "x-forwarded-proto",
    proto || info.scheme || "http",
    "x-forwarded-host",
    forwardedHost || host,
    "x-request-id",
    info.requestId,
  );
  return out;
}
