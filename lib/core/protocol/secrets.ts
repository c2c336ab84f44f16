import { z } from "zod";
import { SecretNameSchema } from "../model/tls.ts";
import { SHA256_HEX } from "../snapshot/schema.ts";
import { NodeIdSchema } from "./xds.ts";

/**
 * Secret discovery (Envoy's SDS, in Signalbox's long-poll shape). Key material never travels in a snapshot:
 * snapshots name secrets (a listener's `credentialNames`, an upstream TLS `credentialName`), and a proxy fetches
 * the ones it needs here, authenticated as itself. A proxy receives only the secrets its own gateway's listeners
 * and the clusters it routes to name, plus its workload identity and the mesh trust bundle.
 */

/** Istio's SDS names: the proxy's own workload certificate and the mesh's trust bundle. */
export const WORKLOAD_SECRET_NAME = "default";
export const ROOT_CA_SECRET_NAME = "ROOTCA";

const PEM_MAX = 256 * 1024;
const pem = (label: string) =>
  z
    .string()
    .max(PEM_MAX, `must be at most ${PEM_MAX} characters`)
    .refine((s) => s.includes(`-----BEGIN ${label}`), `must be PEM (-----BEGIN ${label} …)`);

/**
 * One secret as a proxy receives it. A server credential (gateway listener) or client credential (upstream
 * MUTUAL) has `certChainPem` + `privateKeyPem`; a trust anchor (MUTUAL listener clients, upstream SIMPLE
 * verification, ROOTCA) has `caBundlePem`; a secret may have both, as Istio's `credentialName` secrets with a
 * `ca.crt` key do.
 */
export const ProxySecretSchema = z
  .object({
    name: SecretNameSchema,
    certChainPem: pem("CERTIFICATE").optional(),
    privateKeyPem: pem("").optional(),
    caBundlePem: pem("CERTIFICATE").optional(),
    /** ISO-8601 expiry of the leaf certificate, when there is one. */
    notAfter: z.iso.datetime().optional(),
  })
  .refine((s) => (s.certChainPem === undefined) === (s.privateKeyPem === undefined), {
    message: "a certificate chain and its private key come together",
    path: ["privateKeyPem"],
  })
  .refine((s) => s.certChainPem !== undefined || s.caBundlePem !== undefined, {
    message: "a secret carries a certificate chain with its key, a CA bundle, or both",
    path: ["certChainPem"],
  });
export type ProxySecret = z.infer<typeof ProxySecretSchema>;

/**
 * GET /api/xds/secrets?node=ID&hash=H[&gateway=NAME][&waitMs=N]: 200 with a SecretsResponse whose hash differs
 * from H, or 304 after the wait. `hash` is sha256 over the canonical JSON of `secrets` (sorted by name).
 */
export const SecretsPollQuerySchema = z.object({
  node: NodeIdSchema,
  hash: z.string().regex(SHA256_HEX, "must be a sha256 hex digest").optional(),
  gateway: z.string().max(63).optional(),
  waitMs: z.coerce.number().int().min(0).max(300_000).optional(),
});
export type SecretsPollQuery = z.infer<typeof SecretsPollQuerySchema>;

export const SecretsResponseSchema = z.object({
  hash: z.string().regex(SHA256_HEX, "must be a sha256 hex digest"),
  secrets: z.array(ProxySecretSchema).max(1000),
});
export type SecretsResponse = z.infer<typeof SecretsResponseSchema>;
