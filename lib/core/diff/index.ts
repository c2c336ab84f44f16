export * from "./types.ts";
export { diffMesh } from "./diff.ts";
