export * from "./model/index.ts";
export * from "./snapshot/schema.ts";
export * from "./snapshot/canonical-json.ts";
export * from "./snapshot/hash.ts";
export * from "./protocol/xds.ts";
export * from "./protocol/metrics.ts";
export * from "./protocol/secrets.ts";
export * from "./api/index.ts";
