import { connectionTokens, dropNamed, HOP_BY_HOP, specialName } from "./hop-by-hop.ts";
import type { RawHeaders } from "./ops.ts";

/** Response headers from undici's raw Buffer pairs, hop-by-hop and Connection-named fields dropped. */
export function downstreamResponseHeaders(raw: Buffer[]): RawHeaders {
  const out: RawHeaders = [];
  let extra: Set<string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString("latin1");
    const value = raw[i + 1]!.toString("latin1");
    const lower = specialName(name);
    if (lower !== null && HOP_BY_HOP.has(lower)) {
      if (lower === "connection") extra = connectionTokens(value, extra);
      continue;
    }
    out.push(name, value);
  }
  return extra === null ? out : dropNamed(out, extra);
}
