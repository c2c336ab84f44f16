export { compileMesh, buildSnapshot, buildSnapshotNative, routesByHost } from "./compile.ts";
export { CompileCache } from "./compile-cache.ts";
export { effectiveOrder, type OrderedRule } from "./precedence.ts";
export { compileRule, clusterName, ruleId } from "./compile-rule.ts";
export { compileMtls, effectiveMtls, inboundMtlsMode, DEFAULT_MTLS_MODE } from "./peer-authentication.ts";
