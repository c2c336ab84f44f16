/** Conventions shared by the Gateway API exporter and importer (see README.md). */
export const GATEWAY_CLASS = "signalbox";
/** Each version is a Kubernetes Service `<service>-<version>` on this port, selecting the version's pods. */
export const BACKEND_PORT = 80;
export const backendName = (service: string, version: string): string => `${service}-${version}`;

/**
 * What a Gateway API rule without a valid backendRef (none given, or none a Service) answers, as the spec requires;
 * such a rule exports back without backendRefs.
 */
export const NO_BACKEND_RESPONSE = { status: 500, body: "" } as const;
export const isNoBackendResponse = (r: { status: number; body: string } | undefined): boolean =>
  r !== undefined && r.status === NO_BACKEND_RESPONSE.status && r.body === NO_BACKEND_RESPONSE.body;

/** Gateway API durations: `^([0-9]{1,5}(h|m|s|ms)){1,4}$`, so large values are split into units. */
export function gatewayDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
    ["ms", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.join("") || "0s";
}

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A CORS allowed origin as the rule model holds it (lib/core/model/route.ts StringMatch). */
export interface OriginMatch {
  type: "exact" | "prefix" | "regex";
  value: string;
}

const WILDCARD_ORIGIN = /^(https?):\/\/\*\.([^*]+)$/;
const WILDCARD_REGEX = /^(https?):\/\/\.\+\\\.(.+)$/;

/**
 * A Gateway API `allowOrigins` entry as a match. `*` alone allows every origin; `https://*.example.com` is a greedy
 * match of any number of DNS labels to the left (the spec), a full-match RE2 regex here. The regexes are written in
 * one canonical form, which originToGatewayApi reads back, so export → import → export keeps the wildcard.
 */
export function originFromGatewayApi(origin: string): OriginMatch {
  if (origin === "*") return { type: "regex", value: ".*" };
  const m = WILDCARD_ORIGIN.exec(origin);
  return m ? { type: "regex", value: `${m[1]}://.+\\.${escapeRegex(m[2]!)}` } : { type: "exact", value: origin };
}

/** The Gateway API form of a match, or null when it has none (a regex or prefix that is not a wildcard origin). */
export function originToGatewayApi(o: OriginMatch): string | null {
  if (o.type === "exact") return o.value;
  if (o.type !== "regex") return null;
  if (o.value === ".*") return "*";
  const m = WILDCARD_REGEX.exec(o.value);
  if (!m) return null;
  const host = m[2]!.replace(/\\(.)/g, "$1");
  // Only a suffix that escapeRegex wrote: anything else is a hand-written regex.
  return escapeRegex(host) === m[2] ? `${m[1]}://*.${host}` : null;
}
