import { z } from "zod";
import { parseIp } from "../authz/cidr.ts";
import { HeaderNameSchema, HeaderValueSchema } from "../model/http-text.ts";
import { NameSchema, PortSchema } from "../model/names.ts";
import { SimulateSourceSchema } from "./simulate.ts";

/**
 * The access dry run (POST /api/access/check, the Access view, `signalbox access check`): would this caller, method
 * and path be allowed at this service or gateway, by which policy and rule, and why did the other policies not match?
 * It runs lib/core/authz's evaluator, the one the proxy runs, on the running snapshot or the caller's draft.
 */
const IpSchema = z
  .string()
  .max(64)
  .refine((s) => parseIp(s) !== null, "must be an IPv4 or IPv6 address");

export const AccessCheckRequestSchema = z.object({
  source: SimulateSourceSchema.default("published"),
  target: z.object({
    kind: z.enum(["service", "gateway"]),
    name: NameSchema,
    /** One version of a service; omitted: every version (policies may select versions differently). */
    version: NameSchema.optional(),
  }),
  caller: z
    .object({
      /** `spiffe://td/ns/<ns>/sa/<sa>` or Istio's principal form `td/ns/<ns>/sa/<sa>`; omitted: a plaintext caller. */
      principal: z
        .string()
        .max(512)
        .regex(
          /^(spiffe:\/\/)?[^\s/]+(\/[^\s/]+)*$/,
          "must be a SPIFFE ID such as spiffe://cluster.local/ns/default/sa/web",
        )
        .optional(),
      /** The caller's namespace; omitted: the one in the principal. */
      namespace: z.string().min(1).max(63).optional(),
      /** The TCP peer (source.ip, ipBlocks). */
      ip: IpSchema.default("127.0.0.1"),
      /** The client per X-Forwarded-For (remote.ip, remoteIpBlocks); omitted: the same as ip. */
      remoteIp: IpSchema.optional(),
    })
    .default({ ip: "127.0.0.1" }),
  request: z.object({
    method: z
      .string()
      .regex(/^[A-Za-z]{1,20}$/, "must be an HTTP method")
      .default("GET"),
    path: z.string().min(1, "is required").max(8192).startsWith("/", "must start with /"),
    host: z.string().min(1, "is required").max(255),
    port: PortSchema.default(80),
    headers: z.record(HeaderNameSchema, HeaderValueSchema).default({}),
  }),
});
export type AccessCheckRequest = z.output<typeof AccessCheckRequestSchema>;
export type AccessCheckRequestInput = z.input<typeof AccessCheckRequestSchema>;

const ActionSchema = z.enum(["ALLOW", "DENY", "AUDIT"]);

export const AccessDecisionSchema = z.object({
  allowed: z.boolean(),
  policy: z.string().nullable(),
  action: ActionSchema.nullable(),
  rule: z.number().int().nullable(),
  reason: z.string(),
});

export const AccessWorkloadResultSchema = z.object({
  /** `service/version` or `gateway/<name>`. */
  workload: z.string(),
  decision: AccessDecisionSchema,
  audited: z.array(z.string()),
  policies: z.array(
    z.object({
      policy: z.string(),
      action: ActionSchema,
      matched: z.boolean(),
      rule: z.number().int().nullable(),
      reasons: z.array(z.string()),
    }),
  ),
});
export type AccessWorkloadResult = z.infer<typeof AccessWorkloadResultSchema>;

export const AccessCheckResponseSchema = z.object({
  config: z.object({ source: SimulateSourceSchema, version: z.number().int().nullable(), hash: z.string().nullable() }),
  results: z.array(AccessWorkloadResultSchema),
});
export type AccessCheckResponse = z.infer<typeof AccessCheckResponseSchema>;
