import { eachRule } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** Weighted destinations must split the traffic completely, as Istio and Envoy require. */
export const weightsSum: MeshRule = {
  id: "weights-sum",
  check(mesh) {
    const out: ValidationIssue[] = [];
    eachRule(mesh, (rule, path) => {
      if (rule.destinations.length === 0) return; // handled by rule-action
      const sum = rule.destinations.reduce((acc, d) => acc + d.weight, 0);
      if (sum !== 100)
        out.push(issue("WEIGHTS_NOT_100", [...path, "destinations"], `destination weights sum to ${sum}, not 100`));
    });
    return out;
  },
};
