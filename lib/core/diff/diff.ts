import type { MeshConfig } from "../model/index.ts";
import { diffGateways } from "./diff-gateways.ts";
import { diffPolicies } from "./diff-policies.ts";
import { diffRoutes } from "./diff-routes.ts";
import { diffServices } from "./diff-services.ts";
import type { MeshChange } from "./types.ts";

/**
 * Structured diff for the change review page. Order: services (with their versions and endpoints
 * nested after them), gateways, routes (with their rules), each by name; rules by position.
 * Array order of services, gateways and routes never shows up as a change: it means nothing.
 */
export function diffMesh(before: MeshConfig, after: MeshConfig): MeshChange[] {
  return [
    ...diffServices(before.services, after.services),
    ...diffGateways(before.gateways, after.gateways),
    ...diffRoutes(before.routes, after.routes),
    ...diffPolicies(before, after),
  ];
}
