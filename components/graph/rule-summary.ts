import type { RouteRule } from "@/lib/core/index.ts";
import { matchSummary } from "@/components/policy/match-kinds.ts";

/** One line describing what a rule matches and does, for graph nodes and lists. */
export function ruleSummary(rule: RouteRule): string {
  const when =
    rule.matches.length === 0
      ? "all requests"
      : matchSummary(rule.matches[0]!, "any") + (rule.matches.length > 1 ? ` +${rule.matches.length - 1}` : "");
  const action = rule.redirect ? " → redirect" : rule.directResponse ? ` → ${rule.directResponse.status}` : "";
  return `${rule.name ? `${rule.name}: ` : ""}${when}${action}`;
}
