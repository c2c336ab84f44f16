import { z } from "zod";

/**
 * TLS settings as the model holds them. Key material is never here: settings name secrets (Kubernetes Secret
 * names, as Istio's `credentialName` and Gateway API's `certificateRefs` do), and proxies fetch them through
 * secret discovery (lib/core/protocol/secrets.ts).
 */

/** Kubernetes Secret names (DNS-1123 subdomain), or Istio's reserved SDS names `default` and `ROOTCA`. */
export const SecretNameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(253, "must be at most 253 characters")
  .regex(
    /^(default|ROOTCA|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/,
    "must be lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
  );

export const TlsVersionSchema = z.enum(["TLSV1_2", "TLSV1_3"]);

/**
 * A gateway listener's server TLS (Istio Gateway `servers[].tls`, Gateway API listener `tls` in Terminate mode).
 * Several credentials: the proxy picks the one whose certificate matches the client's SNI.
 */
export const ServerTlsSchema = z.object({
  mode: z.enum(["SIMPLE", "MUTUAL"]),
  credentialNames: z.array(SecretNameSchema).min(1, "name at least one credential").max(16),
  minProtocolVersion: TlsVersionSchema.optional(),
  /**
   * MUTUAL: the secrets whose CA bundle (`ca.crt`) verifies client certificates (Gateway API frontend validation
   * `caCertificateRefs`); absent: the credentials' own CA bundles, as Istio's MUTUAL takes them.
   */
  clientCaNames: z.array(SecretNameSchema).min(1).max(16).optional(),
  /**
   * MUTUAL: `AllowInsecureFallback` (Gateway API) asks for a client certificate but accepts a connection without one
   * or with one that fails verification; absent: `AllowValidOnly`, only verified clients.
   */
  clientValidation: z.enum(["AllowValidOnly", "AllowInsecureFallback"]).optional(),
});
export type ServerTls = z.infer<typeof ServerTlsSchema>;

/**
 * Upstream TLS (Istio DestinationRule `trafficPolicy.tls`). `credentialName` names a secret with the client
 * certificate and key (MUTUAL) and/or the CA bundle to verify the server with; SIMPLE without one verifies
 * against the system's roots. ISTIO_MUTUAL uses the proxy's own workload identity and the mesh trust bundle.
 */
export const ClientTlsSchema = z.object({
  mode: z.enum(["DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL"]),
  credentialName: SecretNameSchema.optional(),
  sni: z.string().min(1).max(253).optional(),
  subjectAltNames: z.array(z.string().min(1).max(512)).max(32).optional(),
  insecureSkipVerify: z.boolean().optional(),
});
export type ClientTls = z.infer<typeof ClientTlsSchema>;
