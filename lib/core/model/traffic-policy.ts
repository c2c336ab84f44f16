import { z } from "zod";
import { PortSchema } from "./names.ts";
import { ClientTlsSchema } from "./tls.ts";

/** Istio DestinationRule trafficPolicy, the parts Signalbox's proxy enforces. */
export const LoadBalancerSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ROUND_ROBIN") }),
  z.object({ type: z.literal("LEAST_REQUEST") }),
  z.object({ type: z.literal("RANDOM") }),
  z.object({
    type: z.literal("CONSISTENT_HASH"),
    hashOn: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("header"), name: z.string().min(1) }),
      z.object({ kind: z.literal("cookie"), name: z.string().min(1) }),
      z.object({ kind: z.literal("sourceIp") }),
    ]),
  }),
]);
export type LoadBalancer = z.infer<typeof LoadBalancerSchema>;

export const ConnectionPoolSchema = z.object({
  maxConnections: z.number().int().min(1).optional(),
  maxPendingRequests: z.number().int().min(1).optional(),
  maxRequestsPerConnection: z.number().int().min(1).optional(),
});

export const OutlierDetectionSchema = z.object({
  consecutiveErrors: z.number().int().min(1).default(5),
  intervalMs: z.number().int().min(100).default(10_000),
  baseEjectionMs: z.number().int().min(100).default(30_000),
  maxEjectionPercent: z.number().int().min(0).max(100).default(10),
});

export const HealthCheckSchema = z.object({
  path: z.string().startsWith("/", "must start with /"),
  intervalMs: z.number().int().min(100).default(5_000),
  timeoutMs: z.number().int().min(10).default(1_000),
  unhealthyThreshold: z.number().int().min(1).default(3),
  healthyThreshold: z.number().int().min(1).default(2),
});

/**
 * Istio `trafficPolicy.portLevelSettings[]`: what one service port overrides. Each part set here replaces the
 * service-level part as a whole (Istio's field-by-field merge); parts left out keep the service's.
 */
export const PortTrafficPolicySchema = z.object({
  port: PortSchema,
  loadBalancer: LoadBalancerSchema.optional(),
  connectionPool: ConnectionPoolSchema.optional(),
  outlierDetection: OutlierDetectionSchema.optional(),
  tls: ClientTlsSchema.optional(),
});
export type PortTrafficPolicy = z.infer<typeof PortTrafficPolicySchema>;

export const TrafficPolicySchema = z.object({
  loadBalancer: LoadBalancerSchema.optional(),
  connectionPool: ConnectionPoolSchema.optional(),
  outlierDetection: OutlierDetectionSchema.optional(),
  healthCheck: HealthCheckSchema.optional(),
  tls: ClientTlsSchema.optional(),
  /** On a service only: compiled clusters carry the policy already merged for their port (compile/port-policy.ts). */
  portLevelSettings: z
    .array(PortTrafficPolicySchema)
    .refine((l) => new Set(l.map((p) => p.port)).size === l.length, "a port may have one entry only")
    .optional(),
});
export type TrafficPolicy = z.infer<typeof TrafficPolicySchema>;
