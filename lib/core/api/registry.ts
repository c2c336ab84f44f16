import { z } from "zod";
import { NameSchema } from "../model/names.ts";
import { CheckKindSchema, RegistrationSchema, RegistryIdSchema } from "../registry/registration.ts";
import { HealthStatusSchema } from "../registry/health.ts";

/** The registry as the console's API shows it (Registry page, CLI). */

export const RegistrySourceSchema = z.enum(["consul", "cli", "api"]);

export const RegistryCheckViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: CheckKindSchema,
  target: z.string(),
  intervalMs: z.number().int(),
  timeoutMs: z.number().int(),
  ttlMs: z.number().int().nullable(),
  deregisterAfterMs: z.number().int().nullable(),
  successBeforePassing: z.number().int(),
  failuresBeforeCritical: z.number().int(),
  status: HealthStatusSchema,
  output: z.string(),
  notes: z.string(),
  lastRunAt: z.string().nullable(),
  createIndex: z.number().int(),
  modifyIndex: z.number().int(),
});
export type RegistryCheckView = z.infer<typeof RegistryCheckViewSchema>;

export const RegistryInstanceViewSchema = z.object({
  id: z.string(),
  service: z.string(),
  address: z.string(),
  port: z.number().int(),
  tags: z.array(z.string()),
  meta: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
  weight: z.number().int(),
  health: HealthStatusSchema,
  source: RegistrySourceSchema,
  /** The registration token's name; null when an admin (or the management token) registered it. */
  tokenName: z.string().nullable(),
  /** The versions (subsets) of the running config whose selector matches its labels. */
  versions: z.array(z.string()),
  registeredAt: z.string(),
  updatedAt: z.string(),
  createIndex: z.number().int(),
  modifyIndex: z.number().int(),
  checks: z.array(RegistryCheckViewSchema),
});
export type RegistryInstanceView = z.infer<typeof RegistryInstanceViewSchema>;

export const RegistryListQuerySchema = z.object({ service: NameSchema.optional() });

export const RegistryListResponseSchema = z.object({
  /** The registry index (Consul's X-Consul-Index). */
  index: z.number().int(),
  instances: z.array(RegistryInstanceViewSchema),
});
export type RegistryListResponse = z.infer<typeof RegistryListResponseSchema>;

const HealthCountsSchema = z.object({
  passing: z.number().int(),
  warning: z.number().int(),
  critical: z.number().int(),
});
export type HealthCounts = z.infer<typeof HealthCountsSchema>;

/** Per service and version of the running config: registered instances by health (the topology's version nodes). */
export const RegistrySummaryResponseSchema = z.object({
  index: z.number().int(),
  versions: z.array(
    z.object({
      service: z.string(),
      version: z.string(),
      selector: z.record(z.string(), z.string()),
      /** Statically configured endpoints beside the registered ones. */
      staticEndpoints: z.number().int(),
      registered: HealthCountsSchema,
    }),
  ),
  /** Registered instances no version of the running config selects (they receive no traffic). */
  unselected: z.number().int(),
});
export type RegistrySummaryResponse = z.infer<typeof RegistrySummaryResponseSchema>;

/** POST /api/registry/instances: the Signalbox form of a registration (the Consul body is accepted on /v1/). */
export const RegisterInstanceRequestSchema = RegistrationSchema.extend({
  /** Shown as the registration source: the CLI says "cli". */
  source: z.enum(["cli", "api"]).default("api"),
});
export type RegisterInstanceRequest = z.input<typeof RegisterInstanceRequestSchema>;

export const RegistryInstanceParamSchema = z.object({ id: RegistryIdSchema });

export const RegistryEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.enum(["register", "deregister", "health"]),
  instanceId: z.string(),
  service: z.string(),
  detail: z.record(z.string(), z.unknown()),
  actor: z.string(),
});
export const RegistryEventsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const RegistryEventsResponseSchema = z.object({ events: z.array(RegistryEventSchema) });

export const RegistryTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  services: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type RegistryToken = z.infer<typeof RegistryTokenSchema>;
export const RegistryTokenListResponseSchema = z.object({ tokens: z.array(RegistryTokenSchema) });
export const CreateRegistryTokenRequestSchema = z.object({
  name: z.string().trim().min(1, "is required").max(100),
  services: z.array(NameSchema).min(1, "must name at least one service").max(100),
});
export const CreatedRegistryTokenResponseSchema = z.object({ token: RegistryTokenSchema, secret: z.string() });
