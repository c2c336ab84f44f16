export * from "./names.ts";
export * from "./tls.ts";
export * from "./traffic-policy.ts";
export * from "./service.ts";
export * from "./gateway.ts";
export * from "./route.ts";
export * from "./mesh.ts";
export * from "./http-text.ts";
