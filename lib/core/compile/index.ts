export { compileMesh, buildSnapshot, routesByHost } from "./compile.ts";
export { effectiveOrder, type OrderedRule } from "./precedence.ts";
export { compileRule, clusterName, ruleId } from "./compile-rule.ts";
