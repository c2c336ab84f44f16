export * from "./labels.ts";
export * from "./plan.ts";
export * from "./gates.ts";
export * from "./touched.ts";
