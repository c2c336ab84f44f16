export * from "./cidr.ts";
export * from "./evaluate.ts";
export * from "./request.ts";
export * from "./selection.ts";
export { conditionValue } from "./prepare.ts";
export * from "./table.ts";
export * from "./check.ts";
