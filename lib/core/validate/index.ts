export * from "./issue-codes.ts";
export * from "./types.ts";
export { MESH_RULES } from "./registry.ts";
export * from "./validate.ts";
