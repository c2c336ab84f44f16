import { z } from "zod";
import { AddressSchema, HostSchema, LabelsSchema, NameSchema, PortSchema } from "./names.ts";
import { ClientTlsSchema } from "./tls.ts";
import { TrafficPolicySchema } from "./traffic-policy.ts";

export const EndpointSchema = z.object({
  address: AddressSchema,
  port: PortSchema,
  /** Relative share of this version's traffic (Envoy's load_balancing_weight). */
  weight: z.number().int().min(1).max(1000).default(1),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

/** A version is an Istio subset: a named group of endpoints selected by labels. */
export const VersionSchema = z.object({
  name: NameSchema,
  labels: LabelsSchema.default({}),
  endpoints: z.array(EndpointSchema).default([]),
  /** Upstream TLS for this version only (Istio subset `trafficPolicy.tls`): replaces the service's trafficPolicy.tls. */
  tls: ClientTlsSchema.optional(),
});
export type Version = z.infer<typeof VersionSchema>;

export const ServiceSchema = z.object({
  name: NameSchema,
  host: HostSchema,
  description: z.string().max(500).default(""),
  /** Services outside the mesh (Istio ServiceEntry with MESH_EXTERNAL). */
  external: z.boolean().default(false),
  versions: z.array(VersionSchema).default([]),
  trafficPolicy: TrafficPolicySchema.optional(),
});
export type Service = z.infer<typeof ServiceSchema>;
