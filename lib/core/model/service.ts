import { z } from "zod";
import { AddressSchema, HostSchema, LabelsSchema, NameSchema, PortSchema } from "./names.ts";
import { NamespaceSchema } from "./namespace.ts";
import { ClientTlsSchema } from "./tls.ts";
import { TrafficPolicySchema } from "./traffic-policy.ts";

export const EndpointSchema = z.object({
  address: AddressSchema,
  port: PortSchema,
  /** Relative share of this version's traffic (Envoy's load_balancing_weight). */
  weight: z.number().int().min(1).max(1000).default(1),
  /**
   * Service port name → the number this endpoint takes it on (Istio ServiceEntry `endpoints[].ports`). A service
   * port not named here is taken on `port`. Resolved by the compiler: snapshot endpoints never carry it.
   */
  ports: z.record(NameSchema, PortSchema).optional(),
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

/**
 * The protocol a service port speaks (Istio's `ports[].protocol`, narrowed to what the proxy forwards): HTTP is
 * HTTP/1.1 to the endpoints; HTTP2 and GRPC are HTTP/2 (cleartext h2c with prior knowledge, or h2 by ALPN when the
 * upstream TLS is on), GRPC with its trailers and grpc-status.
 */
export const PortProtocolSchema = z.enum(["HTTP", "HTTP2", "GRPC"]);
export type PortProtocol = z.infer<typeof PortProtocolSchema>;

/**
 * A named service port (Istio ServiceEntry `ports[]`). An endpoint takes it on the number its `ports` map gives
 * the port's name, else on its own `port`.
 */
export const ServicePortSchema = z.object({
  name: NameSchema,
  number: PortSchema,
  protocol: PortProtocolSchema.default("HTTP"),
});
export type ServicePort = z.infer<typeof ServicePortSchema>;

export const ServiceSchema = z.object({
  name: NameSchema,
  /** Absent: "default" (namespace.ts); a Gateway API route in another namespace needs a ReferenceGrant. */
  namespace: NamespaceSchema.optional(),
  host: HostSchema,
  description: z.string().max(500).default(""),
  /** Services outside the mesh (Istio ServiceEntry with MESH_EXTERNAL). */
  external: z.boolean().default(false),
  versions: z.array(VersionSchema).default([]),
  /**
   * The ports clients call. A destination picks one by number: its protocol, its endpoints' numbers and its
   * portLevelSettings; without one (or with no port named) the first port decides the upstream protocol and the
   * service-level policy applies. None: HTTP/1.1.
   */
  ports: z.array(ServicePortSchema).default([]),
  trafficPolicy: TrafficPolicySchema.optional(),
});
export type Service = z.infer<typeof ServiceSchema>;
