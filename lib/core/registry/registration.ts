import { z } from "zod";
import { AddressSchema, NameSchema, PortSchema } from "../model/names.ts";
import { formatGoDuration, parseGoDuration } from "./duration.ts";
import { HealthStatusSchema } from "./health.ts";

/**
 * A registration as Signalbox stores it, whatever API it came through (Consul's agent endpoint, the Signalbox API,
 * the CLI). Every field is checked here: a registration that fails stores nothing.
 */

/** Consul service and check IDs: free text in Consul; here printable, without '/' (it is a path segment). */
export const RegistryIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9_.:@-]+$/, "must be letters, digits and '_', '.', ':', '@', '-'");

const Millis = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 3_600_000);

export const CheckKindSchema = z.enum(["http", "tcp", "ttl"]);
export type CheckKind = z.infer<typeof CheckKindSchema>;

export const CheckInputSchema = z
  .object({
    id: RegistryIdSchema,
    name: z.string().min(1).max(200),
    kind: CheckKindSchema,
    /** http: the URL; tcp: host:port; ttl: "". */
    target: z.string().max(2048).default(""),
    method: z
      .string()
      .regex(/^[A-Z]{1,16}$/, "must be an HTTP method such as GET")
      .default("GET"),
    intervalMs: Millis.min(100, "must be at least 100ms").default(10_000),
    timeoutMs: Millis.min(1, "must be more than 0").default(10_000),
    ttlMs: Millis.min(100, "must be at least 100ms").optional(),
    deregisterAfterMs: Millis.min(1000, "must be at least 1s").optional(),
    successBeforePassing: z.number().int().min(0).max(100).default(1),
    failuresBeforeCritical: z.number().int().min(0).max(100).default(2),
    status: HealthStatusSchema.default("critical"),
    notes: z.string().max(1000).default(""),
  })
  .superRefine((c, ctx) => {
    if (c.kind === "http" && !/^https?:\/\/[^\s]+$/.test(c.target))
      ctx.addIssue({ code: "custom", path: ["target"], message: "must be an http:// or https:// URL" });
    if (c.kind === "tcp" && !/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(c.target))
      ctx.addIssue({ code: "custom", path: ["target"], message: "must be host:port" });
    if (c.kind === "ttl" && c.ttlMs === undefined)
      ctx.addIssue({ code: "custom", path: ["ttlMs"], message: "is required for a TTL check" });
  });
export type CheckInput = z.infer<typeof CheckInputSchema>;

export const RegistrationSchema = z.object({
  id: RegistryIdSchema,
  service: NameSchema,
  address: AddressSchema,
  port: PortSchema,
  tags: z.array(z.string().min(1).max(255)).max(64).default([]),
  meta: z.record(z.string().min(1).max(128), z.string().max(512)).default({}),
  weight: z.number().int().min(1).max(1000).default(1),
  checks: z.array(CheckInputSchema).max(16).default([]),
});
export type Registration = z.infer<typeof RegistrationSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Consul's body (PUT /v1/agent/service/register)

/**
 * Consul decodes bodies case-insensitively and accepts snake_case aliases (deregister_critical_service_after); so
 * does this: keys are matched after lower-casing and removing '_'.
 */
function canonicalKeys(value: unknown, names: readonly string[]): Record<string, unknown> | unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const byLoose = new Map(names.map((n) => [n.toLowerCase(), n]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[byLoose.get(k.toLowerCase().replaceAll("_", "")) ?? k] = v;
  return out;
}

const CHECK_KEYS = [
  "CheckID",
  "ID",
  "Name",
  "HTTP",
  "TCP",
  "TTL",
  "Interval",
  "Timeout",
  "DeregisterCriticalServiceAfter",
  "Method",
  "Header",
  "Status",
  "Notes",
  "SuccessBeforePassing",
  "FailuresBeforeCritical",
  "TLSSkipVerify",
  "Args",
  "ScriptArgs",
  "GRPC",
  "H2PING",
  "DockerContainerID",
  "AliasService",
  "UDP",
  "OSService",
] as const;
const SERVICE_KEYS = [
  "ID",
  "Name",
  "Tags",
  "Address",
  "Port",
  "Meta",
  "Weights",
  "Check",
  "Checks",
  "EnableTagOverride",
  "Kind",
  "Proxy",
  "Connect",
  "TaggedAddresses",
  "Namespace",
  "Partition",
] as const;

const UNSUPPORTED_CHECKS = [
  "Args",
  "ScriptArgs",
  "GRPC",
  "H2PING",
  "DockerContainerID",
  "AliasService",
  "UDP",
  "OSService",
];

const str = z.string().max(2048);
const durationText = z.string().max(32);
const ConsulCheckSchema = z.looseObject({
  CheckID: str.optional(),
  ID: str.optional(),
  Name: str.optional(),
  HTTP: str.optional(),
  TCP: str.optional(),
  TTL: durationText.optional(),
  Interval: durationText.optional(),
  Timeout: durationText.optional(),
  DeregisterCriticalServiceAfter: durationText.optional(),
  Method: str.optional(),
  Status: str.optional(),
  Notes: str.optional(),
  SuccessBeforePassing: z.number().optional(),
  FailuresBeforeCritical: z.number().optional(),
});
type ConsulCheck = z.infer<typeof ConsulCheckSchema>;

const ConsulServiceSchema = z.looseObject({
  ID: str.optional(),
  Name: str.optional(),
  Tags: z.array(z.string()).nullable().optional(),
  Address: str.optional(),
  Port: z.number().optional(),
  Meta: z.record(z.string(), z.string()).nullable().optional(),
  Weights: z.looseObject({ Passing: z.number().optional(), Warning: z.number().optional() }).nullable().optional(),
  Check: z.unknown().optional(),
  Checks: z.array(z.unknown()).nullable().optional(),
  Kind: str.optional(),
});

export type ConsulParse = { ok: true; registration: Registration } | { ok: false; error: string };

/** A zod issue as one line naming the Consul field: "Port: must be 1..65535". */
const CONSUL_FIELD: Record<string, string> = {
  id: "ID",
  service: "Name",
  address: "Address",
  port: "Port",
  tags: "Tags",
  meta: "Meta",
  weight: "Weights.Passing",
  checks: "Checks",
  target: "HTTP/TCP",
  intervalMs: "Interval",
  timeoutMs: "Timeout",
  ttlMs: "TTL",
  deregisterAfterMs: "DeregisterCriticalServiceAfter",
  method: "Method",
  name: "Name",
  status: "Status",
  notes: "Notes",
  successBeforePassing: "SuccessBeforePassing",
  failuresBeforeCritical: "FailuresBeforeCritical",
};
function describe(issues: z.core.$ZodIssue[]): string {
  const i = issues[0]!;
  const path = i.path.map((p) => (typeof p === "number" ? `[${p}]` : (CONSUL_FIELD[String(p)] ?? String(p))));
  return `${path.join(".").replaceAll(".[", "[")}: ${i.message}`;
}

function duration(field: string, text: string | undefined): number | undefined | string {
  if (text === undefined || text === "") return undefined;
  const ms = parseGoDuration(text);
  return ms === null ? `Invalid Check: ${field}: "${text}" is not a duration such as 10s or 1m30s` : ms;
}

function checkFrom(
  raw: ConsulCheck,
  serviceId: string,
  serviceName: string,
  index: number | null,
): CheckInput | string {
  for (const k of UNSUPPORTED_CHECKS)
    if ((raw as Record<string, unknown>)[k] !== undefined)
      return `Invalid Check: ${k} checks are not supported by Signalbox (use HTTP, TCP or TTL)`;
  const kinds = [raw.HTTP ? "http" : null, raw.TCP ? "tcp" : null, raw.TTL ? "ttl" : null].filter((k) => k !== null);
  if (kinds.length === 0) return "Invalid Check: exactly one of HTTP, TCP or TTL is required";
  if (kinds.length > 1) return "Invalid Check: only one of HTTP, TCP or TTL may be set";
  const kind = kinds[0]!;
  const interval = duration("Interval", raw.Interval);
  const timeout = duration("Timeout", raw.Timeout);
  const ttl = duration("TTL", raw.TTL);
  const deregister = duration("DeregisterCriticalServiceAfter", raw.DeregisterCriticalServiceAfter);
  for (const d of [interval, timeout, ttl, deregister]) if (typeof d === "string") return d;
  if (kind !== "ttl" && !interval) return "Invalid Check: Interval must be > 0 for HTTP or TCP checks";
  if (kind === "ttl" && !ttl) return "Invalid Check: TTL must be > 0 for TTL checks";
  const status = raw.Status === undefined || raw.Status === "" ? "critical" : raw.Status;
  const candidate = {
    // Consul's defaults: "service:<id>" for the one Check, "service:<id>:<n>" (from 1) for the Checks list.
    id: raw.CheckID || raw.ID || (index === null ? `service:${serviceId}` : `service:${serviceId}:${index + 1}`),
    name: raw.Name || `Service '${serviceName}' check`,
    kind,
    target: kind === "http" ? raw.HTTP : kind === "tcp" ? raw.TCP : "",
    method: raw.Method || undefined,
    intervalMs: kind === "ttl" ? undefined : interval,
    // Consul's default timeout is 10s, capped by the interval.
    timeoutMs: (timeout as number | undefined) ?? Math.min(10_000, (interval as number | undefined) ?? 10_000),
    ttlMs: ttl,
    deregisterAfterMs: deregister,
    successBeforePassing: raw.SuccessBeforePassing,
    failuresBeforeCritical: raw.FailuresBeforeCritical,
    status,
    notes: raw.Notes,
  };
  const parsed = CheckInputSchema.safeParse(candidate);
  if (!parsed.success) return `Invalid Check: ${describe(parsed.error.issues)}`;
  return parsed.data;
}

/**
 * Reads a Consul service definition. `defaultAddress` stands in for the agent's node address when the body sets
 * none (Signalbox has no agent node: the address the request came from). Errors read like Consul's 400 bodies.
 */
export function parseConsulRegistration(body: unknown, defaultAddress: string): ConsulParse {
  const top = ConsulServiceSchema.safeParse(canonicalKeys(body, SERVICE_KEYS));
  if (!top.success) return { ok: false, error: `Request decode failed: ${describe(top.error.issues)}` };
  const s = top.data;
  if (!s.Name) return { ok: false, error: "Missing service name" };
  if (s.Kind) return { ok: false, error: `Invalid service Kind "${s.Kind}": only typical services are supported` };
  const id = s.ID || s.Name;
  const rawChecks: unknown[] = [];
  if (s.Check !== undefined && s.Check !== null) rawChecks.push(s.Check);
  for (const c of s.Checks ?? []) rawChecks.push(c);
  const checks: CheckInput[] = [];
  for (const [i, rc] of rawChecks.entries()) {
    const c = ConsulCheckSchema.safeParse(canonicalKeys(rc, CHECK_KEYS));
    if (!c.success) return { ok: false, error: `Invalid Check: ${describe(c.error.issues)}` };
    const index = s.Check !== undefined && s.Check !== null && i === 0 ? null : i - (s.Check ? 1 : 0);
    const check = checkFrom(c.data, id, s.Name, index);
    if (typeof check === "string") return { ok: false, error: check };
    checks.push(check);
  }
  if (new Set(checks.map((c) => c.id)).size !== checks.length)
    return { ok: false, error: "Invalid Check: duplicate CheckID" };
  const parsed = RegistrationSchema.safeParse({
    id,
    service: s.Name,
    address: s.Address || defaultAddress,
    port: s.Port,
    tags: s.Tags ?? [],
    meta: s.Meta ?? {},
    weight: s.Weights?.Passing,
    checks,
  });
  if (!parsed.success) {
    const missingPort = parsed.error.issues.some((i) => i.path[0] === "port" && i.code === "invalid_type");
    return {
      ok: false,
      error: missingPort ? "Invalid Port: a port is required" : `Invalid Service: ${describe(parsed.error.issues)}`,
    };
  }
  return { ok: true, registration: parsed.data };
}

export { formatGoDuration };
