import type { RouteMatch, RouteRule } from "@/lib/core/index.ts";

function matchSummary(m: RouteMatch): string {
  const parts: string[] = [];
  if (m.uri) parts.push(m.uri.type === "exact" ? m.uri.value : m.uri.type === "prefix" ? `${m.uri.value}*` : `~${m.uri.value}`);
  if (m.methods.length) parts.push(m.methods.join("|"));
  if (m.authority) parts.push(`authority ${m.authority.value}`);
  for (const h of m.headers) parts.push(h.type === "present" || h.type === "absent" ? `${h.name} ${h.type}` : `${h.name}=${h.value}`);
  for (const q of m.queryParams) parts.push(`?${q.name}${q.type === "present" ? "" : `=${q.value}`}`);
  return parts.join(" ") || "any";
}

/** One line describing what a rule matches and does, for graph nodes and lists. */
export function ruleSummary(rule: RouteRule): string {
  const when = rule.matches.length === 0 ? "all requests" : matchSummary(rule.matches[0]!) + (rule.matches.length > 1 ? ` +${rule.matches.length - 1}` : "");
  const action = rule.redirect ? " → redirect" : rule.directResponse ? ` → ${rule.directResponse.status}` : "";
  return `${rule.name ? `${rule.name}: ` : ""}${when}${action}`;
}
