import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** First match wins, so a rule without matches shadows every rule after it. */
export const defaultRuleLast: MeshRule = {
  id: "default-rule-last",
  check(mesh) {
    const out: ValidationIssue[] = [];
    mesh.routes.forEach((route, r) => {
      const k = route.rules.findIndex((rule) => rule.matches.length === 0);
      if (k < 0 || k === route.rules.length - 1) return;
      const n = route.rules.length - 1 - k;
      out.push(
        issue(
          "UNREACHABLE_RULES",
          ["routes", r, "rules", k, "matches"],
          `rule ${k} matches every request, so the ${n} rule(s) after it never match`,
        ),
      );
    });
    return out;
  },
};
