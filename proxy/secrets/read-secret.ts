import { createPrivateKey, X509Certificate } from "node:crypto";
import { ProxySecretSchema, type ProxySecret } from "../../lib/core/protocol/secrets.ts";

export type SecretCheck = { ok: true; secret: ProxySecret } | { ok: false; error: string };

/**
 * A secret checked the way a TLS context will use it: the shape (ProxySecretSchema), the leaf certificate parses,
 * and the private key belongs to it. A half-written rotation (new certificate, old key) fails here, so the last
 * good secret keeps serving instead of handshakes failing. `notAfter` is taken from the leaf when not given.
 */
export function checkSecret(raw: unknown): SecretCheck {
  const parsed = ProxySecretSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") };
  const s = parsed.data;
  try {
    if (s.caBundlePem !== undefined) new X509Certificate(s.caBundlePem);
    if (s.certChainPem === undefined || s.privateKeyPem === undefined) return { ok: true, secret: s };
    const leaf = new X509Certificate(s.certChainPem);
    if (!leaf.checkPrivateKey(createPrivateKey(s.privateKeyPem)))
      return { ok: false, error: "the private key does not belong to the certificate" };
    return { ok: true, secret: { ...s, notAfter: s.notAfter ?? new Date(leaf.validTo).toISOString() } };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
