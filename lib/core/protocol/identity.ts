import { z } from "zod";
import { NameSchema } from "../model/names.ts";

/**
 * How a proxy gets and proves its identity. It joins once with a one-time token and a CSR for a key it made
 * itself (the key never leaves it); the console answers with a certificate whose SPIFFE ID it chose from the
 * token's binding. From then on every call carries `Authorization: Bearer <proxy token>`, a compact JWS (ES256)
 * signed with that key, its certificate chain in the `x5c` header, valid for at most PROXY_TOKEN_MAX_TTL_S.
 */
export const PROXY_TOKEN_AUDIENCE = "signalbox-xds";
export const PROXY_TOKEN_MAX_TTL_S = 300;

const CSR_MAX = 16 * 1024;
const CsrPemSchema = z
  .string()
  .max(CSR_MAX, `must be at most ${CSR_MAX} characters`)
  .refine((s) => s.includes("-----BEGIN CERTIFICATE REQUEST-----"), "must be a PEM certificate request (PKCS#10)");

export const JoinRequestSchema = z.object({
  token: z.string().min(1, "must not be empty").max(200),
  csrPem: CsrPemSchema,
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const RenewRequestSchema = z.object({ csrPem: CsrPemSchema });
export type RenewRequest = z.infer<typeof RenewRequestSchema>;

/** The proxy's certificate (leaf first) and the trust bundle (every root it should trust, the active one first). */
export const IssuedIdentitySchema = z.object({
  spiffeId: z.string(),
  nodeId: z.string(),
  gateway: NameSchema.nullable(),
  certChainPem: z.string(),
  caBundlePem: z.string(),
  notAfter: z.iso.datetime(),
});
export type IssuedIdentity = z.infer<typeof IssuedIdentitySchema>;

export const ProxyTokenHeaderSchema = z.object({
  alg: z.literal("ES256"),
  typ: z.literal("JWT").optional(),
  /** Base64 (not base64url) DER certificates, leaf first (RFC 7515 §4.1.6). */
  x5c: z
    .array(z.string().max(16 * 1024))
    .min(1)
    .max(4),
});

export const ProxyTokenClaimsSchema = z.object({
  aud: z.literal(PROXY_TOKEN_AUDIENCE),
  iat: z.number().int(),
  exp: z.number().int(),
  /** The SPIFFE ID the proxy believes it has; the console trusts the certificate, not this. */
  sub: z.string().max(2048).optional(),
});
export type ProxyTokenClaims = z.infer<typeof ProxyTokenClaimsSchema>;
