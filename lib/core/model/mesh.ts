import { z } from "zod";
import { AuthorizationPolicySchema } from "./authorization.ts";
import { GatewaySchema } from "./gateway.ts";
import { NamespaceLabelsSchema, ReferenceGrantSchema } from "./namespace.ts";
import { PeerAuthenticationSchema } from "./peer-authentication.ts";
import { RouteSchema } from "./route.ts";
import { ServiceSchema } from "./service.ts";

/** The whole desired configuration: what a change proposes and what a config version records. */
export const MeshConfigSchema = z.object({
  services: z.array(ServiceSchema).default([]),
  gateways: z.array(GatewaySchema).default([]),
  routes: z.array(RouteSchema).default([]),
  /** Access policy (issue 11 item 6); empty by default so meshes without policy compile to the same snapshot. */
  authorizationPolicies: z.array(AuthorizationPolicySchema).default([]),
  peerAuthentications: z.array(PeerAuthenticationSchema).default([]),
  /** Gateway API ReferenceGrants: which cross-namespace backendRefs of gateway-api routes resolve. */
  referenceGrants: z.array(ReferenceGrantSchema).default([]),
  /** Namespaces with labels (imported Kubernetes Namespaces): what listener allowedRoutes selectors match. */
  namespaces: z.array(NamespaceLabelsSchema).optional(),
});
export type MeshConfig = z.infer<typeof MeshConfigSchema>;
/** The shape accepted before defaults are applied (API bodies, YAML import). */
export type MeshConfigInput = z.input<typeof MeshConfigSchema>;

export const emptyMesh = (): MeshConfig => ({
  services: [],
  gateways: [],
  routes: [],
  authorizationPolicies: [],
  peerAuthentications: [],
  referenceGrants: [],
});
