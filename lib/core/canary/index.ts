export * from "./spec.ts";
export * from "./analysis.ts";
