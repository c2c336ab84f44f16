export { compileMesh, buildSnapshot } from "./compile.ts";
export { compileRule, clusterName, ruleId } from "./compile-rule.ts";
