export * from "./matchers.ts";
export * from "./weighted.ts";
export * from "./table.ts";
export * from "./match.ts";
export * from "./path-normalization.ts";
export * from "./request-target.ts";
export * from "./rewrite.ts";
