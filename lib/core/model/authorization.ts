import { z } from "zod";
import { LabelsSchema, NameSchema } from "./names.ts";
import { DEFAULT_NAMESPACE, NamespaceSchema } from "./namespace.ts";

/**
 * Istio's security.istio.io/v1 AuthorizationPolicy, field for field (the proxy enforces it, lib/core/authz). Value
 * lists take Istio's string matches: exact `abc`, prefix `abc*`, suffix `*abc`, presence `*`.
 */

/**
 * A policy lives in any namespace and applies to workloads of that namespace (lib/core/authz/selection.ts);
 * `istio-system` is Istio's default root namespace (meshConfig.rootNamespace, fixed here): a policy there is
 * mesh-wide.
 */
export const ROOT_NAMESPACE = "istio-system";
export const PolicyNamespaceSchema = NamespaceSchema;

const Value = z.string().min(1, "must not be empty").max(512);
const Values = z.array(Value).max(64).optional();
/** An IPv4/IPv6 address or CIDR (checked by lib/core/authz/cidr.ts in validation: SB602). */
const IpBlock = z.string().min(1).max(64);
const IpBlocks = z.array(IpBlock).max(64).optional();
/** Ports are strings in Istio's schema ("8080"). */
const PortValue = z.string().regex(/^[0-9]{1,5}$/, "must be a port number");
const Ports = z.array(PortValue).max(64).optional();

export const AuthzSourceSchema = z.object({
  principals: Values,
  notPrincipals: Values,
  /** JWT principals: Signalbox has no RequestAuthentication yet; reported unsupported (SB604). */
  requestPrincipals: Values,
  notRequestPrincipals: Values,
  namespaces: Values,
  notNamespaces: Values,
  ipBlocks: IpBlocks,
  notIpBlocks: IpBlocks,
  remoteIpBlocks: IpBlocks,
  notRemoteIpBlocks: IpBlocks,
});
export type AuthzSource = z.infer<typeof AuthzSourceSchema>;

export const AuthzOperationSchema = z.object({
  hosts: Values,
  notHosts: Values,
  ports: Ports,
  notPorts: Ports,
  methods: Values,
  notMethods: Values,
  paths: Values,
  notPaths: Values,
});
export type AuthzOperation = z.infer<typeof AuthzOperationSchema>;

export const AuthzConditionSchema = z.object({
  /** `request.headers[name]`, `source.ip`, `remote.ip`, `source.namespace`, `source.principal`, `destination.port`… */
  key: z.string().min(1, "must not be empty").max(256),
  values: Values,
  notValues: Values,
});
export type AuthzCondition = z.infer<typeof AuthzConditionSchema>;

export const AuthzRuleSchema = z.object({
  from: z
    .array(z.object({ source: AuthzSourceSchema.default({}) }))
    .max(64)
    .optional(),
  to: z
    .array(z.object({ operation: AuthzOperationSchema.default({}) }))
    .max(64)
    .optional(),
  when: z.array(AuthzConditionSchema).max(64).optional(),
});
export type AuthzRule = z.infer<typeof AuthzRuleSchema>;

export const PolicyTargetRefSchema = z.object({
  group: z.string().max(253).optional(),
  kind: z.enum(["Service", "Gateway"]),
  name: NameSchema,
});
export type PolicyTargetRef = z.infer<typeof PolicyTargetRefSchema>;

export const AuthzActionSchema = z.enum(["ALLOW", "DENY", "AUDIT", "CUSTOM"]);
export type AuthzAction = z.infer<typeof AuthzActionSchema>;

export const AuthorizationPolicySchema = z.object({
  name: NameSchema,
  namespace: PolicyNamespaceSchema.default(DEFAULT_NAMESPACE),
  /** Workload labels (`app`, `version`, `istio`, `gateway.networking.k8s.io/gateway-name`); absent: every workload. */
  selector: z.object({ matchLabels: LabelsSchema.default({}) }).optional(),
  targetRefs: z.array(PolicyTargetRefSchema).max(16).optional(),
  action: AuthzActionSchema.default("ALLOW"),
  /** Absent or empty: the policy never matches (an ALLOW without rules denies everything it selects). */
  rules: z.array(AuthzRuleSchema).max(256).optional(),
});
export type AuthorizationPolicy = z.infer<typeof AuthorizationPolicySchema>;
export type AuthorizationPolicyInput = z.input<typeof AuthorizationPolicySchema>;
