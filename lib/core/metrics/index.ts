export * from "./rollup.ts";
export * from "./exposition.ts";
