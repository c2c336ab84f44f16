import { z } from "zod";
import { NameSchema } from "../model/names.ts";
import { SecretNameSchema } from "../model/tls.ts";
import { NodeIdSchema } from "../protocol/xds.ts";

/** The console's CA and the secrets it keeps, as the Security page and CLI see them: metadata only, never keys. */

export const CaRootSchema = z.object({
  id: z.string(),
  subject: z.string(),
  fingerprint: z.string(),
  /** The root certificate (public): clients that call gateways with CA-issued certificates trust it. */
  certPem: z.string(),
  source: z.enum(["generated", "provided"]),
  /** active: signs new certificates; trusted: still in the trust bundle; retired or expired: no longer trusted. */
  state: z.enum(["active", "trusted", "retired", "expired"]),
  notBefore: z.string(),
  notAfter: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
});
export type CaRoot = z.infer<typeof CaRootSchema>;

export const CaResponseSchema = z.object({
  trustDomain: z.string(),
  workloadCertTtlHours: z.number(),
  roots: z.array(CaRootSchema),
});
export type CaResponse = z.infer<typeof CaResponseSchema>;

export const TlsSecretSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.enum(["uploaded", "issued"]),
  sans: z.array(z.string()),
  hasCaBundle: z.boolean(),
  notAfter: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TlsSecret = z.infer<typeof TlsSecretSchema>;

export const TlsSecretListResponseSchema = z.object({ secrets: z.array(TlsSecretSchema) });
export type TlsSecretListResponse = z.infer<typeof TlsSecretListResponseSchema>;

/** `default` and `ROOTCA` are the proxy's own identity and the trust bundle (secret discovery), never stored secrets. */
const StoredSecretNameSchema = SecretNameSchema.refine(
  (n) => n !== "default" && n !== "ROOTCA",
  "default and ROOTCA are reserved for the proxy's identity and the trust bundle",
);

const PEM_MAX = 256 * 1024;
const pemText = z.string().min(1, "must not be empty").max(PEM_MAX, `must be at most ${PEM_MAX} characters`);

/** A certificate chain (leaf first) and its key, as PEM; optionally a CA bundle (MUTUAL listeners verify clients with it). */
export const UploadTlsSecretRequestSchema = z.object({
  name: StoredSecretNameSchema,
  certChainPem: pemText,
  privateKeyPem: pemText,
  caBundlePem: pemText.optional(),
});
export type UploadTlsSecretRequest = z.infer<typeof UploadTlsSecretRequestSchema>;

const DnsNameSchema = z
  .string()
  .max(253)
  .regex(
    /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "must be a DNS name (lower case, optionally starting with *.)",
  );

/** A certificate from the console's CA for internal names (clients must trust the CA's root). */
export const IssueTlsSecretRequestSchema = z.object({
  name: StoredSecretNameSchema,
  dnsNames: z.array(DnsNameSchema).min(1, "name at least one DNS name").max(32),
  /** Defaults to 90 days. */
  ttlDays: z.number().int().min(1).max(825).optional(),
});
export type IssueTlsSecretRequest = z.infer<typeof IssueTlsSecretRequestSchema>;

export const JoinTokenSchema = z.object({
  id: z.string(),
  nodeId: z.string(),
  gateway: z.string().nullable(),
  service: z.string().nullable(),
  state: z.enum(["pending", "used", "expired", "revoked"]),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type JoinToken = z.infer<typeof JoinTokenSchema>;

export const JoinTokenListResponseSchema = z.object({ tokens: z.array(JoinTokenSchema) });
export type JoinTokenListResponse = z.infer<typeof JoinTokenListResponseSchema>;

export const CreateJoinTokenRequestSchema = z
  .object({
    /** The --id the proxy runs with. */
    nodeId: NodeIdSchema,
    /** The gateway it serves (its certificate says proxy/<node id>)… */
    gateway: NameSchema.nullable().optional(),
    /** …or the service it runs beside (its certificate says ns/default/sa/<service>). */
    service: NameSchema.nullable().optional(),
    /** Default 60, at most a week. */
    ttlMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
  })
  .refine((r) => !(r.gateway && r.service), {
    message: "bind the token to a gateway or a service, not both",
    path: ["service"],
  });
export type CreateJoinTokenRequest = z.infer<typeof CreateJoinTokenRequestSchema>;

/** The token appears once, in this response; only its hash is stored. */
export const CreatedJoinTokenResponseSchema = z.object({ joinToken: JoinTokenSchema, token: z.string() });
export type CreatedJoinTokenResponse = z.infer<typeof CreatedJoinTokenResponseSchema>;

export const ProxyIdentitySchema = z.object({
  id: z.string(),
  serial: z.string(),
  nodeId: z.string(),
  gateway: z.string().nullable(),
  spiffeId: z.string(),
  notAfter: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  state: z.enum(["valid", "expired", "revoked"]),
});
export type ProxyIdentityRecord = z.infer<typeof ProxyIdentitySchema>;

export const ProxyIdentityListResponseSchema = z.object({ identities: z.array(ProxyIdentitySchema) });
export type ProxyIdentityListResponse = z.infer<typeof ProxyIdentityListResponseSchema>;
