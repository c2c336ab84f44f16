import { eachRule } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** A rule does exactly one thing: forward to destinations, redirect, or answer directly. */
export const ruleAction: MeshRule = {
  id: "rule-action",
  check(mesh) {
    const out: ValidationIssue[] = [];
    eachRule(mesh, (rule, path) => {
      const forwards = rule.destinations.length > 0;
      const actions = [forwards, !!rule.redirect, !!rule.directResponse].filter(Boolean).length;
      if (actions === 0) {
        out.push(
          issue(
            "RULE_WITHOUT_ACTION",
            [...path, "destinations"],
            "the rule has no destinations, redirect or direct response",
          ),
        );
      } else if (actions > 1) {
        const at = forwards ? [...path, "destinations"] : [...path, "directResponse"];
        const what = [forwards && "destinations", rule.redirect && "redirect", rule.directResponse && "directResponse"]
          .filter(Boolean)
          .join(" and ");
        out.push(issue("CONFLICTING_ACTIONS", at, `the rule has both ${what}; keep one`));
      }
    });
    return out;
  },
};
