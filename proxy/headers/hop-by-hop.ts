import type { RawHeaders } from "./ops.ts";

/** RFC 9110 §7.6.1 connection-specific fields, plus the de-facto ones proxies also drop. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
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

/**
 * Lower-cased name when it is one the proxy treats specially (hop-by-hop, x-forwarded-*, x-request-id, host,
 * expect), else null. Most names are rejected on their length alone, without lower-casing: this runs for every
 * header of every request and response.
 */
export function specialName(name: string): string | null {
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

/**
 * Adds the names a Connection value lists (beyond close/keep-alive) to `into`: they are hop-by-hop too
 * (RFC 9110 §7.6.1). `into` stays null while there are none, the usual case.
 */
export function connectionTokens(value: string, into: Set<string> | null): Set<string> | null {
  for (const t of value.split(",")) {
    const n = t.trim().toLowerCase();
    if (n && n !== "close" && n !== "keep-alive") (into ??= new Set()).add(n);
  }
  return into;
}

/** A copy of `raw` without the fields whose lower-cased name is in `names`. */
export function dropNamed(raw: RawHeaders, names: ReadonlySet<string>): RawHeaders {
  const kept: RawHeaders = [];
  for (let i = 0; i < raw.length; i += 2) if (!names.has(raw[i]!.toLowerCase())) kept.push(raw[i]!, raw[i + 1]!);
  return kept;
}
