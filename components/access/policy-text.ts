import { ROOT_NAMESPACE, type AuthorizationPolicy, type AuthzRule } from "@/lib/core/index.ts";

/** One line per rule, in words: "from principals a, b · to GET /api* · when request.headers[x] = v". */
export function describeRule(rule: AuthzRule): string {
  const parts: string[] = [];
  const from = (rule.from ?? []).map((f) =>
    Object.entries(f.source)
      .filter(([, v]) => v !== undefined && v.length > 0)
      .map(([k, v]) => `${k} ${(v as string[]).join(", ")}`)
      .join(" and "),
  );
  if (from.some((f) => f !== "")) parts.push(`from ${from.map((f) => f || "anyone").join(" or ")}`);
  const to = (rule.to ?? []).map((t) =>
    Object.entries(t.operation)
      .filter(([, v]) => v !== undefined && v.length > 0)
      .map(([k, v]) => `${k} ${(v as string[]).join(", ")}`)
      .join(" and "),
  );
  if (to.some((t) => t !== "")) parts.push(`to ${to.map((t) => t || "anything").join(" or ")}`);
  for (const w of rule.when ?? [])
    parts.push(
      `when ${w.key}${w.values ? ` in ${w.values.join(", ")}` : ""}${w.notValues ? ` not in ${w.notValues.join(", ")}` : ""}`,
    );
  return parts.length === 0 ? "every request" : parts.join(" · ");
}

/** What a policy does as a whole, with Istio's empty-rules meaning spelled out. */
export function describePolicy(p: AuthorizationPolicy): string {
  if (p.rules === undefined || p.rules.length === 0)
    return p.action === "ALLOW"
      ? "no rules: allows nothing (every request to what it selects is denied)"
      : "no rules: never matches";
  return p.rules.map(describeRule).join(" | ");
}

/** Which workloads: selector labels, targetRefs, or everything in the namespace (mesh-wide in istio-system). */
export function describeTarget(p: Pick<AuthorizationPolicy, "selector" | "targetRefs" | "namespace">): string {
  if (p.targetRefs && p.targetRefs.length > 0) return p.targetRefs.map((r) => `${r.kind} ${r.name}`).join(", ");
  const labels = Object.entries(p.selector?.matchLabels ?? {});
  if (labels.length > 0) return labels.map(([k, v]) => `${k}=${v}`).join(", ");
  return p.namespace === ROOT_NAMESPACE ? "every workload (mesh-wide)" : `every workload in namespace ${p.namespace}`;
}

/** The effective stance for a workload: Istio's order over the policies that select it. */
export function effectiveSummary(policies: readonly AuthorizationPolicy[]): string {
  const n = (a: string) => policies.filter((p) => p.action === a).length;
  const allow = n("ALLOW");
  const deny = n("DENY");
  const denyText = deny > 0 ? `Requests matching ${deny} DENY polic${deny === 1 ? "y" : "ies"} are denied; ` : "";
  if (allow === 0)
    return `${denyText}${deny > 0 ? "everything" : "Everything"} else is allowed (no ALLOW policy applies).`;
  return `${denyText}${deny > 0 ? "only" : "Only"} requests matching one of ${allow} ALLOW polic${allow === 1 ? "y" : "ies"} are allowed.`;
}

/** "a, b ,c" → ["a","b","c"]; empty → undefined (unset). */
export function listOf(text: string): string[] | undefined {
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return items.length > 0 ? items : undefined;
}
