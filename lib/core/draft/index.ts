export * from "./address.ts";
export * from "./destinations.ts";
export * from "./objects.ts";
export * from "./routes.ts";
export * from "./services.ts";
export * from "./weights.ts";
export * from "./policies.ts";
export * from "./gateways.ts";
