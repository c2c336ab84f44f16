export * from "./duration.ts";
export * from "./health.ts";
export * from "./labels.ts";
export * from "./registration.ts";
export * from "./consul-shapes.ts";
export * from "./endpoints.ts";
export * from "./check-target.ts";
export * from "./endpoint-scope.ts";
