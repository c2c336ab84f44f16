/**
 * The one catalogue of validation issue codes. Codes are stable API: the editor, the change
 * review page and the docs refer to them, so never renumber; retire a code instead.
 * SB0xx shape (zod), SB1xx routing rules, SB2xx uniqueness, SB3xx references between objects, SB6xx access policy,
 * SB9xx internal.
 */
export const ISSUE_CODES = {
  SCHEMA_INVALID: { code: "SB001", severity: "error", title: "The input does not match the schema" },
  WEIGHTS_NOT_100: { code: "SB101", severity: "error", title: "Destination weights of a rule must sum to 100" },
  RULE_WITHOUT_ACTION: {
    code: "SB102",
    severity: "error",
    title: "A rule with no destinations needs a redirect or a direct response",
  },
  CONFLICTING_ACTIONS: {
    code: "SB103",
    severity: "error",
    title: "A rule has more than one of destinations, redirect, direct response",
  },
  REWRITE_WITH_REDIRECT: { code: "SB104", severity: "error", title: "A rule cannot both rewrite and redirect" },
  INVALID_REGEX: { code: "SB105", severity: "error", title: "A regular expression is not valid RE2 syntax" },
  UNREACHABLE_RULES: {
    code: "SB106",
    severity: "warning",
    title: "A catch-all rule is followed by rules that can never match",
  },
  NO_ENDPOINTS: { code: "SB107", severity: "warning", title: "Traffic is sent to a version that has no endpoints" },
  REGEX_NOT_RE2: {
    code: "SB108",
    severity: "error",
    title: "A regular expression uses a feature RE2 does not support (backreference, lookaround, possessive…)",
  },
  DUPLICATE_SERVICE: { code: "SB201", severity: "error", title: "Service names must be unique" },
  DUPLICATE_VERSION: { code: "SB202", severity: "error", title: "Version names must be unique within a service" },
  DUPLICATE_ENDPOINT: {
    code: "SB203",
    severity: "error",
    title: "Endpoints (address:port) must be unique within a version",
  },
  DUPLICATE_GATEWAY: { code: "SB204", severity: "error", title: "Gateway names must be unique" },
  DUPLICATE_LISTENER_NAME: {
    code: "SB205",
    severity: "error",
    title: "Listener names must be unique within a gateway",
  },
  DUPLICATE_LISTENER_PORT: {
    code: "SB206",
    severity: "error",
    title: "A port and host pair must be served by one listener of a gateway",
  },
  DUPLICATE_ROUTE: { code: "SB207", severity: "error", title: "Route names must be unique" },
  DUPLICATE_SERVICE_HOST: { code: "SB208", severity: "error", title: "Service hosts must be unique" },
  DUPLICATE_ROUTE_HOST: {
    code: "SB209",
    severity: "error",
    title: "A host is listed twice by a route, or served by two Istio routes on the mesh",
  },
  MIXED_ROUTE_SEMANTICS: {
    code: "SB210",
    severity: "error",
    title: "Istio and Gateway API routes cannot share a host on one binding",
  },
  UNKNOWN_SERVICE: { code: "SB301", severity: "error", title: "A destination names a service that does not exist" },
  UNKNOWN_VERSION: {
    code: "SB302",
    severity: "error",
    title: "A destination names a version that the service does not have",
  },
  UNKNOWN_MIRROR_TARGET: { code: "SB303", severity: "error", title: "The mirror target does not exist" },
  UNKNOWN_GATEWAY: { code: "SB304", severity: "error", title: "A route is bound to a gateway that does not exist" },
  UNKNOWN_LISTENER: {
    code: "SB305",
    severity: "warning",
    title: "A listener reference (sectionName / port) selects no listener of the route's gateways",
  },
  NO_LISTENER_HOSTNAME: {
    code: "SB306",
    severity: "warning",
    title: "A route's hosts match no hostname of the gateway listeners it attaches to",
  },
  HTTPS_WITHOUT_TLS: { code: "SB501", severity: "error", title: "An HTTPS listener needs TLS settings (tls)" },
  TLS_ON_HTTP_LISTENER: { code: "SB502", severity: "error", title: "TLS settings on an HTTP listener" },
  REDIRECT_ON_HTTPS_LISTENER: {
    code: "SB503",
    severity: "warning",
    title: "httpsRedirect on an HTTPS listener has no effect",
  },
  MUTUAL_WITHOUT_CREDENTIAL: {
    code: "SB504",
    severity: "error",
    title: "Upstream MUTUAL TLS needs a credentialName (client certificate and key)",
  },
  ISTIO_MUTUAL_WITH_CREDENTIAL: {
    code: "SB505",
    severity: "warning",
    title: "ISTIO_MUTUAL uses the proxy's own identity: credentialName is ignored",
  },
  DUPLICATE_POLICY: {
    code: "SB601",
    severity: "error",
    title: "AuthorizationPolicy and PeerAuthentication names must be unique within a namespace",
  },
  INVALID_IP_BLOCK: {
    code: "SB602",
    severity: "error",
    title: "An ipBlocks entry or IP condition is not an address or CIDR",
  },
  CUSTOM_ACTION_UNSUPPORTED: {
    code: "SB603",
    severity: "error",
    title: "CUSTOM authorization (an external authorizer) is not supported",
  },
  AUTHZ_FIELD_UNSUPPORTED: {
    code: "SB604",
    severity: "warning",
    title: "A policy uses a field Signalbox cannot evaluate: an ALLOW rule with it never matches, a DENY ignores it",
  },
  PEER_AUTH_NOT_ENFORCED: {
    code: "SB605",
    severity: "warning",
    title: "A PeerAuthentication with a selector in the root namespace applies to no sidecar",
  },
  POLICY_TARGET: {
    code: "SB606",
    severity: "error",
    title: "A policy sets both selector and targetRefs, or portLevelMtls without a selector",
  },
  POLICY_SELECTS_NOTHING: {
    code: "SB607",
    severity: "warning",
    title: "A policy selects no service version or gateway of the mesh",
  },
  CONDITION_WITHOUT_VALUES: {
    code: "SB608",
    severity: "error",
    title: "A `when` condition needs values or notValues",
  },
  POLICY_NAMESPACE_EMPTY: {
    code: "SB609",
    severity: "warning",
    title: "A policy lives in a namespace where no service or gateway lives: it applies to nothing",
  },
  DUPLICATE_SERVICE_PORT: {
    code: "SB211",
    severity: "error",
    title: "Service port names and numbers must be unique within a service",
  },
  UNKNOWN_SERVICE_PORT: {
    code: "SB307",
    severity: "error",
    title: "A destination names a port that the service does not have",
  },
  REFERENCE_NOT_GRANTED: {
    code: "SB308",
    severity: "warning",
    title:
      "A Gateway API route refers to a service in another namespace that no ReferenceGrant allows: the reference is not followed (500 when it was the rule's only backend)",
  },
  UNSERVED_MATCH_PORT: {
    code: "SB309",
    severity: "warning",
    title: "A match names a port the route is not served on (no listener port of its gateways, no port of its service)",
  },
  PORT_SETTINGS_UNUSED: {
    code: "SB310",
    severity: "warning",
    title:
      "Port-level traffic settings for a port the service does not have and no version's requests all use: kept, but not applied by the proxy",
  },
  NOT_ALLOWED_BY_LISTENERS: {
    code: "SB311",
    severity: "warning",
    title:
      "No listener a route names allows it (allowedRoutes namespaces or kinds): the route does not attach to that gateway (Gateway API NotAllowedByListeners)",
  },
  DUPLICATE_REFERENCE_GRANT: {
    code: "SB212",
    severity: "error",
    title: "ReferenceGrant names must be unique within a namespace",
  },
  RULE_FAILED: { code: "SB900", severity: "error", title: "A validation rule failed internally" },
} as const satisfies Record<string, { code: `SB${number}`; severity: "error" | "warning"; title: string }>;

export type IssueKey = keyof typeof ISSUE_CODES;
export type IssueCode = (typeof ISSUE_CODES)[IssueKey]["code"];
