import { z } from "zod";
import {
  EndpointSchema,
  TrafficPolicySchema,
  ListenerSchema,
  RouteRuleSchema,
  HostSchema,
  NameSchema,
  AuthzRuleSchema,
  PolicyNamespaceSchema,
  NamespaceSchema,
  HeaderOpsSchema,
  PortSchema,
  ServicePortSchema,
} from "../model/index.ts";

/** Wire contract between console and proxy. Everything the data plane needs, nothing it must look up. */

/**
 * What a destination naming one service port gets where it differs from the cluster's own endpoints and policy
 * (the endpoints' numbers for that port, its portLevelSettings): the proxy runs one cluster runtime per such port.
 */
export const ClusterPortSchema = z.object({
  port: PortSchema,
  endpoints: z.array(EndpointSchema),
  trafficPolicy: TrafficPolicySchema.optional(),
});
export type ClusterPort = z.infer<typeof ClusterPortSchema>;

/** A cluster is one version of one service: `service/version`. */
export const ClusterSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "must be service/version"),
  service: NameSchema,
  version: NameSchema,
  host: HostSchema,
  /** The service's namespace; absent: "default". Its sidecars are `spiffe://td/ns/<namespace>/sa/<service>`. */
  namespace: NamespaceSchema.optional(),
  endpoints: z.array(EndpointSchema),
  trafficPolicy: TrafficPolicySchema.optional(),
  /** The service's ports (absent when it has none: HTTP/1.1); a destination's port picks the upstream protocol. */
  ports: z.array(ServicePortSchema).optional(),
  /**
   * Per service port, where a destination naming it must use other endpoints or another policy than the fields
   * above (which serve a destination naming no port, and every port not listed). Absent when no port differs.
   */
  byPort: z.array(ClusterPortSchema).optional(),
});
export type Cluster = z.infer<typeof ClusterSchema>;

export const WeightedClusterSchema = z.object({
  cluster: z.string(),
  weight: z.number().int().min(0).max(100),
  /** The destination's own header operations, applied after the rule's. */
  requestHeaders: HeaderOpsSchema.optional(),
  responseHeaders: HeaderOpsSchema.optional(),
  /** The service port the destination names (absent: the cluster's first port). */
  port: PortSchema.optional(),
});

const CompiledMirrorSchema = z.object({ cluster: z.string(), percent: z.number().min(0).max(100) });

export const CompiledRuleSchema = RouteRuleSchema.omit({ destinations: true, mirror: true, extraMirrors: true }).extend(
  {
    /** Stable id used as the metrics key: `route#index` or `route#name`. */
    id: z.string(),
    /** The route the rule comes from: a host's list merges the rules of every route serving it. */
    route: NameSchema,
    destinations: z.array(WeightedClusterSchema),
    mirror: CompiledMirrorSchema.optional(),
    extraMirrors: z.array(CompiledMirrorSchema).optional(),
  },
);
export type CompiledRule = z.infer<typeof CompiledRuleSchema>;

export const VirtualHostSchema = z.object({
  /** `host` for the mesh, `gateway/host` on a gateway: one virtual host per binding and host. */
  name: z.string().min(1).max(400),
  domains: z.array(HostSchema).min(1),
  /** Empty: served by every proxy. */
  gateways: z.array(NameSchema),
  /**
   * The gateway listener ports it is served on, when routes for its host differ between ports (parentRef
   * sectionName/port); absent: every port. A proxy on another port (`--listen`) serves every virtual host.
   */
  ports: z.array(z.number().int().min(1).max(65535)).min(1).optional(),
  /**
   * Empty only for a host that Gateway API listener isolation gives to a listener without routes for it: found before
   * a wildcard host, it answers 404 (lib/core/compile/hostnames.ts `isolation`).
   */
  rules: z.array(CompiledRuleSchema),
});
export type VirtualHost = z.infer<typeof VirtualHostSchema>;

export const SnapshotListenerSchema = ListenerSchema.extend({ gateway: NameSchema });

/** An AuthorizationPolicy with the workloads it selects resolved by the console (lib/core/compile/authorization.ts). */
export const CompiledAuthzPolicySchema = z.object({
  name: NameSchema,
  namespace: PolicyNamespaceSchema,
  action: z.enum(["ALLOW", "DENY", "AUDIT"]),
  rules: z.array(AuthzRuleSchema).optional(),
  /** Clusters (`service/version`) whose requests it is evaluated on, after the destination is picked. */
  clusters: z.array(z.string()),
  /** Gateways it is evaluated on, as a request arrives (before routing). */
  gateways: z.array(NameSchema),
});
export type CompiledAuthzPolicy = z.infer<typeof CompiledAuthzPolicySchema>;

/** A sidecar's inbound mTLS mode, PeerAuthentication resolved (lib/core/compile/peer-authentication.ts). */
export const EffectiveMtlsModeSchema = z.enum(["STRICT", "PERMISSIVE", "DISABLE"]);
export type EffectiveMtlsMode = z.infer<typeof EffectiveMtlsModeSchema>;

export const CompiledMtlsSchema = z.object({
  cluster: z.string(),
  mode: EffectiveMtlsModeSchema,
  /** App (workload) port → mode, where portLevelMtls differs from `mode`. */
  ports: z.record(z.string().regex(/^[0-9]{1,5}$/, "must be a port number"), EffectiveMtlsModeSchema).optional(),
});
export type CompiledMtls = z.infer<typeof CompiledMtlsSchema>;

export const SnapshotConfigSchema = z.object({
  listeners: z.array(SnapshotListenerSchema),
  virtualHosts: z.array(VirtualHostSchema),
  clusters: z.array(ClusterSchema),
  /** Absent when no policy selects anything: snapshots of meshes without policy keep their hash. */
  authorization: z.array(CompiledAuthzPolicySchema).optional(),
  /** Each cluster's inbound mTLS mode; absent when the mesh has no PeerAuthentication (every sidecar: PERMISSIVE). */
  mtls: z.array(CompiledMtlsSchema).optional(),
});
export type SnapshotConfig = z.infer<typeof SnapshotConfigSchema>;

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export const SnapshotSchema = z.object({
  version: z.number().int().min(1),
  /** sha256 of canonicalJson(config): the version number is not part of the content. */
  hash: z.string().regex(SHA256_HEX, "must be a sha256 hex digest"),
  config: SnapshotConfigSchema,
});
export type Snapshot = z.infer<typeof SnapshotSchema>;
