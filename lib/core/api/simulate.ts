import { z } from "zod";
import { HeaderNameSchema, HeaderValueSchema } from "../model/http-text.ts";
import { NameSchema, PortSchema } from "../model/names.ts";
import { ESCAPED_SLASH_ACTIONS, PATH_NORMALIZATIONS } from "../routing/path-normalization.ts";

/**
 * The request simulator's contract (lib/core/simulate): "which gateway, route, rule and backend would this request
 * hit, and why did the earlier rules not match?". The same shapes serve POST /api/simulate, the Routes page and
 * `signalbox simulate`.
 */

/** Request-head text: no whitespace or control characters (node:http refuses those before a proxy sees them). */
const HEAD_TEXT = /^[\x21-\x7e\x80-\xff]+$/;

export const SimulatedRequestSchema = z.object({
  method: z
    .string()
    .regex(/^[A-Z]{1,20}$/, "must be an upper-case HTTP method")
    .default("GET"),
  /** The Host header as the client sends it, port included when it sends one. */
  host: z.string().min(1, "is required").max(255).regex(HEAD_TEXT, "must not contain spaces or control characters"),
  /** The request target: "/path", "/path?query", or an absolute http URL. */
  path: z.string().min(1, "is required").max(8192).regex(HEAD_TEXT, "must not contain spaces or control characters"),
  /** Header names are matched lower-cased, as node:http delivers them; Host is the `host` field. */
  headers: z
    .record(HeaderNameSchema, HeaderValueSchema)
    .default({})
    .refine((h) => !Object.keys(h).some((k) => k.toLowerCase() === "host"), "must not set Host: use the host field"),
  /** Query parameters, appended to the target's own query string (if any). */
  query: z.record(z.string().min(1, "a query parameter needs a name"), z.string()).default({}),
  /** The gateway whose proxy receives the request; omitted: a proxy started without --gateway (the mesh). */
  gateway: NameSchema.optional(),
  /** The listener port the request arrives on; without a gateway, the gateway listening there is taken. */
  port: PortSchema.optional(),
  /** The proxy's --path-normalization and --escaped-slashes; omitted: the proxy's defaults. */
  pathNormalization: z.enum(PATH_NORMALIZATIONS).optional(),
  escapedSlashes: z.enum(ESCAPED_SLASH_ACTIONS).optional(),
  /** A random number in [0, 1): when given, the weighted pick the proxy would make with it is reported. */
  random: z.number().min(0, "must be in [0, 1)").lt(1, "must be in [0, 1)").optional(),
});
export type SimulatedRequest = z.output<typeof SimulatedRequestSchema>;
export type SimulatedRequestInput = z.input<typeof SimulatedRequestSchema>;

export const SimulateSourceSchema = z.enum(["published", "draft"]);
export type SimulateSource = z.infer<typeof SimulateSourceSchema>;

/** POST /api/simulate: the request, and which config: the running (published) version or the caller's draft. */
export const SimulateRequestSchema = SimulatedRequestSchema.extend({
  source: SimulateSourceSchema.default("published"),
});

export const ConditionTraceSchema = z.object({
  field: z.enum(["port", "method", "uri", "authority", "header", "query"]),
  /** Header or query parameter name. */
  name: z.string().optional(),
  /** What the rule asks for, e.g. "prefix /api", "one of GET, POST", "present", "absent". */
  expected: z.string(),
  /** What the request has; null when the header or parameter is missing. */
  actual: z.string().nullable(),
  ok: z.boolean(),
});
export type ConditionTrace = z.infer<typeof ConditionTraceSchema>;

export const MatchTraceSchema = z.object({
  index: z.number().int(),
  matched: z.boolean(),
  conditions: z.array(ConditionTraceSchema),
});
export type MatchTrace = z.infer<typeof MatchTraceSchema>;

export const RuleTraceSchema = z.object({
  index: z.number().int(),
  id: z.string(),
  name: z.string(),
  matched: z.boolean(),
  /** Empty: the rule has no match conditions and takes every request of its host. */
  matches: z.array(MatchTraceSchema),
  /** One sentence: why the rule matched or not. */
  reason: z.string(),
});
export type RuleTrace = z.infer<typeof RuleTraceSchema>;

export const HostCandidateSchema = z.object({
  route: z.string(),
  domains: z.array(z.string()),
  gateways: z.array(z.string()),
  /** The domain that matches the request's host, and how; null when none does. */
  matchedDomain: z.string().nullable(),
  /** Whether a proxy on this gateway (or the mesh) serves the route at all. */
  served: z.boolean(),
  selected: z.boolean(),
  reason: z.string(),
});
export type HostCandidate = z.infer<typeof HostCandidateSchema>;

export const SimulatedListenerSchema = z.object({
  gateway: z.string(),
  name: z.string(),
  port: z.number().int(),
  protocol: z.string(),
  hosts: z.array(z.string()),
});

export const SimulatedDestinationSchema = z.object({
  cluster: z.string(),
  service: z.string(),
  version: z.string(),
  weight: z.number(),
  /** Share of the rule's traffic, 0..100. */
  percent: z.number(),
  endpoints: z.number().int(),
});
export type SimulatedDestination = z.infer<typeof SimulatedDestinationSchema>;

const FaultTraceSchema = z.object({
  delay: z.object({ percent: z.number(), fixedDelayMs: z.number() }).optional(),
  abort: z.object({ percent: z.number(), httpStatus: z.number() }).optional(),
});

export const VerdictSchema = z.object({
  kind: z.enum(["forward", "redirect", "direct-response", "fault-abort", "cors-preflight", "no-route", "rejected"]),
  /** The status the proxy answers with itself; null when the upstream answers (forward). */
  status: z.number().int().nullable(),
  /** One sentence for people. */
  summary: z.string(),
  /** forward: every weighted destination of the rule (zero weights included). */
  destinations: z.array(SimulatedDestinationSchema),
  /** forward with `random` given: the cluster the proxy would pick with it. */
  picked: z.string().nullable(),
  /** forward: the path (with query) and Host the upstream receives, rewrites applied. */
  upstreamPath: z.string().nullable(),
  upstreamAuthority: z.string().nullable(),
  /** redirect: the Location header. */
  location: z.string().nullable(),
  /** direct-response: the body. */
  body: z.string().nullable(),
  fault: FaultTraceSchema.nullable(),
  timeoutMs: z.number().nullable(),
  retries: z.object({ attempts: z.number(), retryOn: z.array(z.string()) }).nullable(),
  /** Every mirror in the rule's order (the first is the one the rule editor shows). */
  mirrors: z.array(z.object({ cluster: z.string(), percent: z.number() })),
});
export type Verdict = z.infer<typeof VerdictSchema>;

export const SimulationSchema = z.object({
  request: z.object({
    method: z.string(),
    host: z.string(),
    /** The path after the proxy's normalization (what routes match); null when the target is refused. */
    path: z.string().nullable(),
    /** The query string ("?…" or ""), as the proxy keeps it. */
    query: z.string(),
  }),
  /** The gateway whose proxy receives the request; null: the mesh (a proxy without --gateway). */
  gateway: z.string().nullable(),
  listener: SimulatedListenerSchema.nullable(),
  /** Host selection: every route with a domain matching the host, and the one chosen. */
  hosts: z.array(HostCandidateSchema),
  /** Routes that have no domain matching the host (not listed in `hosts`). */
  otherRoutes: z.number().int(),
  /** The selected route (virtual host), or null. */
  route: z.string().nullable(),
  /** The selected route's rules in order, up to and including the one that matched. */
  rules: z.array(RuleTraceSchema),
  /** Rules after the matching one, never tried. */
  rulesNotReached: z.number().int(),
  rule: z.object({ index: z.number().int(), id: z.string(), name: z.string() }).nullable(),
  verdict: VerdictSchema,
  /** Things worth knowing that are not part of the verdict (unknown gateway, listener hosts…). */
  notes: z.array(z.string()),
});
export type Simulation = z.infer<typeof SimulationSchema>;

/** POST /api/simulate's answer: the simulation and the config it ran against. */
export const SimulateResponseSchema = SimulationSchema.extend({
  config: z.object({
    source: SimulateSourceSchema,
    /** published: the running version; draft: the version the draft is based on. */
    version: z.number().int().nullable(),
    hash: z.string().nullable(),
    /** draft: the change id and revision simulated. */
    changeId: z.string().nullable(),
    revision: z.number().int().nullable(),
  }),
});
export type SimulateResponse = z.infer<typeof SimulateResponseSchema>;
