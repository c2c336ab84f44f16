import {
  HeaderMatchSchema,
  QueryMatchSchema,
  StringMatchSchema,
  UriMatchSchema,
  type RouteMatch,
} from "@/lib/core/index.ts";

/** The kinds the forms offer come from the model, so a new kind shows up in every match editor. */
export const HEADER_MATCH_TYPES = HeaderMatchSchema.shape.type.options;
export const QUERY_MATCH_TYPES = QueryMatchSchema.shape.type.options;
/** Prefix first: the common choice for paths. */
export const STRING_MATCH_TYPES = [...StringMatchSchema.shape.type.options].sort(
  (a, b) => Number(b === "prefix") - Number(a === "prefix"),
);

/** Path kinds: Istio's character `prefix` and Gateway API's segment `pathPrefix` side by side. */
export const URI_MATCH_TYPES = [...UriMatchSchema.shape.type.options].sort(
  (a, b) => Number(b === "prefix") - Number(a === "prefix"),
);

/** Kinds that test whether a header or parameter is there at all; they have no value. */
const VALUELESS: ReadonlySet<string> = new Set(["present", "absent"]);
export const takesValue = (type: string): boolean => !VALUELESS.has(type);

/** The one-line notation of a value match: `value` exact, `value*` prefix, `value/**` path prefix, `~value` regex. */
export function patternText(type: string, value: string): string {
  if (type === "pathPrefix") return `${value.replace(/\/+$/, "")}/**`;
  return type === "prefix" ? `${value}*` : type === "regex" ? `~${value}` : value;
}

/** "/api* GET|POST authority a.demo x-user=jason x-debug absent ?v"; `empty` when the match has no condition. */
export function matchSummary(m: RouteMatch, empty = "any request"): string {
  const parts: string[] = [];
  if (m.port !== undefined) parts.push(`port ${m.port}`);
  if (m.uri) parts.push(patternText(m.uri.type, m.uri.value));
  if (m.methods.length) parts.push(m.methods.join("|"));
  if (m.authority) parts.push(`authority ${patternText(m.authority.type, m.authority.value)}`);
  for (const h of m.headers)
    parts.push(takesValue(h.type) ? `${h.name}=${patternText(h.type, h.value)}` : `${h.name} ${h.type}`);
  for (const q of m.queryParams)
    parts.push(`?${q.name}${takesValue(q.type) ? `=${patternText(q.type, q.value)}` : ""}`);
  return parts.join(" ") || empty;
}
