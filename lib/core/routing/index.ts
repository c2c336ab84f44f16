export * from "./matchers.ts";
export * from "./weighted.ts";
export * from "./table.ts";
export * from "./match.ts";
