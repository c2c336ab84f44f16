import type { RouteMatch, RouteRule } from "@/lib/core/index.ts";

/** `value` exact, `value*` prefix, `~value` regex: the same marks for uri, authority, headers and query. */
function pattern(type: string, value: string): string {
  return type === "prefix" ? `${value}*` : type === "regex" ? `~${value}` : value;
}

function matchSummary(m: RouteMatch): string {
  const parts: string[] = [];
  if (m.uri) parts.push(pattern(m.uri.type, m.uri.value));
  if (m.methods.length) parts.push(m.methods.join("|"));
  if (m.authority) parts.push(`authority ${pattern(m.authority.type, m.authority.value)}`);
  for (const h of m.headers)
    parts.push(
      h.type === "present" || h.type === "absent" ? `${h.name} ${h.type}` : `${h.name}=${pattern(h.type, h.value)}`,
    );
  for (const q of m.queryParams) parts.push(`?${q.name}${q.type === "present" ? "" : `=${pattern(q.type, q.value)}`}`);
  return parts.join(" ") || "any";
}

/** One line describing what a rule matches and does, for graph nodes and lists. */
export function ruleSummary(rule: RouteRule): string {
  const when =
    rule.matches.length === 0
      ? "all requests"
      : matchSummary(rule.matches[0]!) + (rule.matches.length > 1 ? ` +${rule.matches.length - 1}` : "");
  const action = rule.redirect ? " → redirect" : rule.directResponse ? ` → ${rule.directResponse.status}` : "";
  return `${rule.name ? `${rule.name}: ` : ""}${when}${action}`;
}
