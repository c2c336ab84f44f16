import { z } from "zod";
import { HeaderNameSchema, HeaderValueSchema, TOKEN, UpgradeProtocolSchema, UriTextSchema } from "./http-text.ts";
import { HostSchema, NameSchema } from "./names.ts";

/** Istio's StringMatch as a tagged value, which forms and diffs handle more easily than {exact|prefix|regex}. */
export const StringMatchSchema = z.object({
  type: z.enum(["exact", "prefix", "regex"]),
  value: z.string(),
});
export type StringMatch = z.infer<typeof StringMatchSchema>;

export const HeaderMatchSchema = z.object({
  name: HeaderNameSchema,
  type: z.enum(["exact", "prefix", "regex", "present", "absent"]),
  value: z.string().default(""),
});
export type HeaderMatch = z.infer<typeof HeaderMatchSchema>;

export const QueryMatchSchema = z.object({
  name: z.string().min(1),
  type: z.enum(["exact", "prefix", "regex", "present"]),
  value: z.string().default(""),
});
export type QueryMatch = z.infer<typeof QueryMatchSchema>;

/** All conditions of one match must hold (AND); a rule matches when any of its matches holds (OR). */
export const RouteMatchSchema = z.object({
  uri: StringMatchSchema.optional(),
  methods: z.array(z.string().regex(/^[A-Z]+$/, "must be an upper-case HTTP method")).default([]),
  authority: StringMatchSchema.optional(),
  headers: z.array(HeaderMatchSchema).default([]),
  queryParams: z.array(QueryMatchSchema).default([]),
});
export type RouteMatch = z.infer<typeof RouteMatchSchema>;

export const DestinationSchema = z.object({
  service: NameSchema,
  version: NameSchema,
  weight: z.number().int("must be an integer").min(0, "must be 0..100").max(100, "must be 0..100"),
});
export type Destination = z.infer<typeof DestinationSchema>;

/** Written into heads as they are: names are tokens, values free of CR, LF and NUL (see http-text.ts). */
const HeaderOpsSchema = z.object({
  set: z.record(HeaderNameSchema, HeaderValueSchema).default({}),
  add: z.record(HeaderNameSchema, HeaderValueSchema).default({}),
  remove: z.array(HeaderNameSchema).default([]),
});

export const RetryOnSchema = z.enum(["5xx", "gateway-error", "connect-failure", "reset", "retriable-4xx"]);

export const RetryPolicySchema = z.object({
  attempts: z.number().int().min(0).max(10),
  perTryTimeoutMs: z.number().int().min(1).optional(),
  retryOn: z.array(RetryOnSchema).default(["5xx", "connect-failure", "reset"]),
  backoffBaseMs: z.number().int().min(1).default(25),
  /** Bodies larger than this are streamed and never retried. */
  maxBufferedBodyBytes: z
    .number()
    .int()
    .min(0)
    .default(64 * 1024),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

export const FaultSchema = z.object({
  delay: z.object({ percent: z.number().min(0).max(100), fixedDelayMs: z.number().int().min(0) }).optional(),
  abort: z.object({ percent: z.number().min(0).max(100), httpStatus: z.number().int().min(200).max(599) }).optional(),
});
export type Fault = z.infer<typeof FaultSchema>;

export const CorsPolicySchema = z.object({
  allowOrigins: z.array(StringMatchSchema).default([]),
  allowMethods: z.array(z.string().regex(TOKEN, "must be an HTTP method")).default([]),
  allowHeaders: z.array(HeaderNameSchema).default([]),
  exposeHeaders: z.array(HeaderNameSchema).default([]),
  maxAgeSeconds: z.number().int().min(0).optional(),
  allowCredentials: z.boolean().optional(),
});

export const RouteRuleSchema = z.object({
  name: z.string().max(63).default(""),
  /** Empty means "match every request": the default rule, normally last. */
  matches: z.array(RouteMatchSchema).default([]),
  destinations: z.array(DestinationSchema).default([]),
  timeoutMs: z.number().int().min(1).optional(),
  retries: RetryPolicySchema.optional(),
  fault: FaultSchema.optional(),
  rewrite: z.object({ uriPrefix: UriTextSchema.optional(), authority: HeaderValueSchema.optional() }).optional(),
  redirect: z
    .object({
      uri: UriTextSchema.optional(),
      authority: HeaderValueSchema.optional(),
      scheme: z.enum(["http", "https"]).optional(),
      responseCode: z.number().int().min(300).max(399).default(301),
    })
    .optional(),
  directResponse: z.object({ status: z.number().int().min(200).max(599), body: z.string().default("") }).optional(),
  requestHeaders: HeaderOpsSchema.optional(),
  responseHeaders: HeaderOpsSchema.optional(),
  mirror: z
    .object({ service: NameSchema, version: NameSchema, percent: z.number().min(0).max(100).default(100) })
    .optional(),
  cors: CorsPolicySchema.optional(),
  /**
   * Upgrade protocols tunnelled for this rule (Envoy's per-route `upgrade_configs`); absent: WebSocket only,
   * Istio's default. An Upgrade the rule does not list is served as a plain HTTP request.
   */
  upgrades: z.array(UpgradeProtocolSchema).optional(),
});
export type RouteRule = z.infer<typeof RouteRuleSchema>;

export const RouteSchema = z.object({
  name: NameSchema,
  /** Hosts this route answers for (Host/:authority header). */
  hosts: z.array(HostSchema).min(1, "a route needs at least one host"),
  /** Gateways the route is bound to; empty means every proxy in the mesh. */
  gateways: z.array(NameSchema).default([]),
  rules: z.array(RouteRuleSchema).min(1, "a route needs at least one rule"),
});
export type Route = z.infer<typeof RouteSchema>;
