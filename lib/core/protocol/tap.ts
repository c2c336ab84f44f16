import { z } from "zod";

/**
 * Live tap (issue 12 item 8): on demand, proxies sample requests that match a filter and send them to the console
 * with their metrics batch. A proxy learns of the taps that are open from the answer to its metrics POST; with none
 * open it samples nothing (one boolean checked per request).
 */

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const TapFilterSchema = z.object({
  /** A route name (every rule of it) or one rule (`route#rule`). */
  route: z.string().min(1).max(200).optional(),
  /** A status class (`5xx`) or code (`503`). */
  status: z
    .string()
    .regex(/^[1-5](?:xx|[0-9]{2})$/, "must be a status class like 5xx or a code like 503")
    .optional(),
  /** The request path starts with this (the path only, never the query). */
  pathPrefix: z.string().startsWith("/", "must start with /").max(1000).optional(),
  /** A request header equal to this value (the name case-insensitively). */
  header: z
    .object({
      name: z.string().regex(HEADER_NAME, "must be an HTTP header name").max(100),
      value: z.string().max(1000),
    })
    .optional(),
});
export type TapFilter = z.infer<typeof TapFilterSchema>;

/** What a proxy is told about one open tap. */
export const TapSpecSchema = z.object({
  id: z.string().min(1).max(100),
  filter: TapFilterSchema,
  /** Most samples per second this tap takes from one proxy. */
  ratePerSecond: z.number().int().min(1).max(100),
  /** Epoch ms after which the proxy stops sampling for it, even if it hears nothing more. */
  until: z.number().int(),
});
export type TapSpec = z.infer<typeof TapSpecSchema>;

/** One sampled request. Never a body; authorization and cookie header values are replaced by REDACTED. */
export const TapSampleSchema = z.object({
  tap: z.string().min(1).max(100),
  /** Epoch ms when the exchange ended. */
  at: z.number().int(),
  method: z.string().max(32),
  authority: z.string().max(300),
  path: z.string().max(2000),
  status: z.number().int().min(0).max(999),
  latencyMs: z.number().min(0),
  /** Route name and rule id (`-` when no route matched). */
  route: z.string().max(200),
  rule: z.string().max(200),
  /** `service/version`, or `-` when the request reached no cluster. */
  cluster: z.string().max(200),
  /** `address:port` of the endpoint of the last attempt, or null. */
  upstream: z.string().max(300).nullable(),
  proxy: z.string().max(253),
  headers: z.record(z.string().max(100), z.string().max(1000)),
});
export type TapSample = z.infer<typeof TapSampleSchema>;

export const REDACTED = "REDACTED";
/** Headers whose values a sample never carries: credentials. */
export const REDACTED_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
]);
const MAX_SAMPLE_HEADERS = 40;
const MAX_HEADER_VALUE = 1000;

/** The request's headers for a sample: credentials redacted, at most 40, values cut at 1000 characters. */
export function sampleHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined || name.length > 100) continue;
    if (n++ >= MAX_SAMPLE_HEADERS) break;
    const key = name.toLowerCase();
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    out[key] = REDACTED_HEADERS.has(key) ? REDACTED : value.slice(0, MAX_HEADER_VALUE);
  }
  return out;
}

/** What a filter is checked against; `header` is only called when the filter names one. */
export interface TapCandidate {
  /** The rule id the request matched (`route#rule`), or `-`. */
  rule: string;
  status: number;
  path: string;
  header(name: string): string | undefined;
}

/** Whether a finished exchange matches a tap's filter (every given field must match). */
export function tapMatches(filter: TapFilter, c: TapCandidate): boolean {
  if (filter.route !== undefined && c.rule !== filter.route && !c.rule.startsWith(`${filter.route}#`)) return false;
  if (filter.status !== undefined) {
    const s = filter.status;
    if (s.endsWith("xx") ? Math.floor(c.status / 100) !== Number(s[0]) : c.status !== Number(s)) return false;
  }
  if (filter.pathPrefix !== undefined && !c.path.startsWith(filter.pathPrefix)) return false;
  if (filter.header !== undefined && c.header(filter.header.name.toLowerCase()) !== filter.header.value) return false;
  return true;
}

/** The answer to a metrics POST: the taps open now (absent or empty: sample nothing). */
export const MetricsReportResponseSchema = z.object({
  ok: z.literal(true),
  taps: z.array(TapSpecSchema).max(100).optional(),
});
export type MetricsReportResponse = z.infer<typeof MetricsReportResponseSchema>;
