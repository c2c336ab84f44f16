import { z } from "zod";
import { HeaderNameSchema, HeaderValueSchema, TOKEN, UpgradeProtocolSchema, UriTextSchema } from "./http-text.ts";
import { HostSchema, NameSchema, PortSchema } from "./names.ts";
import { NamespaceSchema } from "./namespace.ts";

/** Istio's StringMatch as a tagged value, which forms and diffs handle more easily than {exact|prefix|regex}. */
export const StringMatchSchema = z.object({
  type: z.enum(["exact", "prefix", "regex"]),
  value: z.string(),
});
export type StringMatch = z.infer<typeof StringMatchSchema>;

/**
 * A path match. `prefix` is Istio's character prefix (`/full` matches `/full-path`); `pathPrefix` is Gateway API's
 * segment prefix (`/full` matches `/full` and `/full/x`, never `/full-path`; a trailing `/` in the value is ignored).
 */
export const UriMatchSchema = z.object({
  type: z.enum(["exact", "prefix", "pathPrefix", "regex"]),
  value: z.string(),
});
export type UriMatch = z.infer<typeof UriMatchSchema>;

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
  uri: UriMatchSchema.optional(),
  methods: z.array(z.string().regex(/^[A-Z]+$/, "must be an upper-case HTTP method")).default([]),
  authority: StringMatchSchema.optional(),
  headers: z.array(HeaderMatchSchema).default([]),
  queryParams: z.array(QueryMatchSchema).default([]),
  /**
   * Istio HTTPMatchRequest.port: the gateway listener port the request came in on (the proxy's own listener port,
   * before any `--port-map`). Absent: every port.
   */
  port: PortSchema.optional(),
});
export type RouteMatch = z.infer<typeof RouteMatchSchema>;

/** Written into heads as they are: names are tokens, values free of CR, LF and NUL (see http-text.ts). */
export const HeaderOpsSchema = z.object({
  set: z.record(HeaderNameSchema, HeaderValueSchema).default({}),
  add: z.record(HeaderNameSchema, HeaderValueSchema).default({}),
  remove: z.array(HeaderNameSchema).default([]),
});
export type HeaderOps = z.infer<typeof HeaderOpsSchema>;

export const DestinationSchema = z.object({
  service: NameSchema,
  version: NameSchema,
  weight: z.number().int("must be an integer").min(0, "must be 0..100").max(100, "must be 0..100"),
  /**
   * Header operations for requests sent to this destination only (Istio `route[].headers`, Gateway API backendRef
   * filters), applied after the rule's own, so the more specific one wins a header both set.
   */
  requestHeaders: HeaderOpsSchema.optional(),
  responseHeaders: HeaderOpsSchema.optional(),
  /** Istio `destination.port.number`: one of the service's ports; its protocol selects HTTP/1.1 or HTTP/2 upstream. */
  port: PortSchema.optional(),
});
export type Destination = z.infer<typeof DestinationSchema>;

/** Envoy's retry_on conditions; the last four are gRPC's, read from a response's grpc-status (trailers-only). */
export const RetryOnSchema = z.enum([
  "5xx",
  "gateway-error",
  "connect-failure",
  "reset",
  "retriable-4xx",
  "cancelled",
  "deadline-exceeded",
  "resource-exhausted",
  "unavailable",
]);

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

export const MirrorSchema = z.object({
  service: NameSchema,
  version: NameSchema,
  percent: z.number().min(0).max(100).default(100),
});
export type Mirror = z.infer<typeof MirrorSchema>;

export const RouteRuleSchema = z.object({
  name: z.string().max(63).default(""),
  /** Empty means "match every request": the default rule, normally last. */
  matches: z.array(RouteMatchSchema).default([]),
  destinations: z.array(DestinationSchema).default([]),
  timeoutMs: z.number().int().min(1).optional(),
  retries: RetryPolicySchema.optional(),
  fault: FaultSchema.optional(),
  /**
   * `uriPrefix`: Istio's `rewrite.uri` and Gateway API's ReplacePrefixMatch: the selecting match's prefix is replaced
   * (a `pathPrefix` match replaces whole segments, so `/` on `/strip/three` gives `/three`), an exact or regex
   * match replaces the whole path. `uri`: the whole path (ReplaceFullPath). `uriRegex`: Istio's uriRegexRewrite,
   * every RE2 match of `match` replaced by `rewrite` (`\\1` refers to a group). At most one of the three.
   */
  rewrite: z
    .object({
      uriPrefix: UriTextSchema.optional(),
      uri: UriTextSchema.optional(),
      uriRegex: z.object({ match: z.string().min(1), rewrite: UriTextSchema }).optional(),
      authority: HeaderValueSchema.optional(),
    })
    .optional(),
  /**
   * `uri` replaces the path, `uriPrefix` the selecting match's prefix (as in `rewrite`). The Location's port: `port`,
   * else `derivePort` (FROM_PROTOCOL_DEFAULT: none, the scheme's default; FROM_REQUEST_PORT: the port the client
   * used; FROM_LISTENER_PORT: the gateway listener's port, Gateway API's default without scheme and port), else the
   * request's Host as it came (Istio). A port equal to the scheme's default (80 http, 443 https) is not written.
   */
  redirect: z
    .object({
      uri: UriTextSchema.optional(),
      uriPrefix: UriTextSchema.optional(),
      authority: HeaderValueSchema.optional(),
      scheme: z.enum(["http", "https"]).optional(),
      port: PortSchema.optional(),
      derivePort: z.enum(["FROM_PROTOCOL_DEFAULT", "FROM_REQUEST_PORT", "FROM_LISTENER_PORT"]).optional(),
      responseCode: z.number().int().min(300).max(399).default(301),
    })
    .optional(),
  directResponse: z.object({ status: z.number().int().min(200).max(599), body: z.string().default("") }).optional(),
  requestHeaders: HeaderOpsSchema.optional(),
  responseHeaders: HeaderOpsSchema.optional(),
  /** A copy of each request (the share `percent`) to service/version; the response is discarded. */
  mirror: MirrorSchema.optional(),
  /**
   * Further mirrors, each on its own (Gateway API allows several RequestMirror filters, Istio several `mirrors`).
   * `mirror` stays the first one, the one the rule editor shows; these follow it in order.
   */
  extraMirrors: z.array(MirrorSchema).optional(),
  cors: CorsPolicySchema.optional(),
  /**
   * Upgrade protocols tunnelled for this rule (Envoy's per-route `upgrade_configs`); absent: WebSocket only,
   * Istio's default. An Upgrade the rule does not list is served as a plain HTTP request.
   */
  upgrades: z.array(UpgradeProtocolSchema).optional(),
});
export type RouteRule = z.infer<typeof RouteRuleSchema>;

/**
 * Where a route's meaning comes from. `istio`: rules in list order, first match wins; routes sharing a host on a
 * gateway are concatenated oldest first, catch-all rules last (Istio's VirtualService merge). `gateway-api`: every
 * rule of every route sharing a host and listener is ordered by the spec's precedence (lib/core/compile/precedence.ts).
 */
export const RouteSemanticsSchema = z.enum(["istio", "gateway-api"]);
export type RouteSemantics = z.infer<typeof RouteSemanticsSchema>;

/**
 * A Gateway API parentRef narrowed to listeners: the route attaches to `gateway` only through the listener named
 * `sectionName` and/or the listeners on `port`. A gateway of `gateways` with no ref here attaches through all.
 */
export const ListenerRefSchema = z.object({
  gateway: NameSchema,
  sectionName: NameSchema.optional(),
  port: PortSchema.optional(),
});
export type ListenerRef = z.infer<typeof ListenerRefSchema>;

export const RouteSchema = z.object({
  name: NameSchema,
  /** Absent: "default" (namespace.ts). */
  namespace: NamespaceSchema.optional(),
  semantics: RouteSemanticsSchema.default("istio"),
  /**
   * Creation order (lower is older): breaks precedence ties between merged routes as Kubernetes' creationTimestamp
   * does. Imports number routes in document order; the editor gives a new route the next number.
   */
  creationOrder: z.number().int().min(0).default(0),
  /** Hosts this route answers for (Host/:authority header). */
  hosts: z.array(HostSchema).min(1, "a route needs at least one host"),
  /** Gateways the route is bound to; empty means every proxy in the mesh. */
  gateways: z.array(NameSchema).default([]),
  listenerRefs: z.array(ListenerRefSchema).default([]),
  rules: z.array(RouteRuleSchema).min(1, "a route needs at least one rule"),
});
export type Route = z.infer<typeof RouteSchema>;
