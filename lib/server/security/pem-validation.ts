import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { pemCertificates } from "./x509.ts";

/** One problem with an uploaded PEM, naming the request field it is about. */
export interface PemIssue {
  field: "certChainPem" | "privateKeyPem" | "caBundlePem";
  message: string;
}

export interface ValidCredential {
  sans: string[];
  notAfter: Date;
}

function parseCerts(field: PemIssue["field"], pem: string): X509Certificate[] | PemIssue {
  const blocks = pemCertificates(pem);
  if (blocks.length === 0) return { field, message: "must contain a PEM certificate (-----BEGIN CERTIFICATE-----)" };
  try {
    return blocks.map((b) => new X509Certificate(b));
  } catch {
    return { field, message: "a certificate block does not parse as X.509" };
  }
}

const sansOf = (cert: X509Certificate): string[] =>
  (cert.subjectAltName ?? "")
    .split(", ")
    .filter(Boolean)
    .map((s) =>
      s
        .replace(/^DNS:/, "")
        .replace(/^URI:/, "")
        .replace(/^IP Address:/, ""),
    );

/**
 * Checks an uploaded server or client credential: every PEM parses, the leaf (first certificate) has not expired,
 * each certificate of the chain is signed by the next one, and the key is the leaf's. Returns the issues
 * (empty: valid) or the leaf's names and expiry. Pure apart from the clock; no I/O.
 */
export function validateCredential(
  input: { certChainPem: string; privateKeyPem: string; caBundlePem?: string | undefined },
  now = Date.now(),
): { issues: PemIssue[] } | { issues: []; credential: ValidCredential } {
  const issues: PemIssue[] = [];
  const chain = parseCerts("certChainPem", input.certChainPem);
  if (!Array.isArray(chain)) issues.push(chain);
  let key: KeyObject | undefined;
  try {
    key = createPrivateKey(input.privateKeyPem);
  } catch {
    issues.push({ field: "privateKeyPem", message: "must be a PEM private key that parses (PKCS#8, EC or RSA)" });
  }
  if (input.caBundlePem !== undefined) {
    const ca = parseCerts("caBundlePem", input.caBundlePem);
    if (!Array.isArray(ca)) issues.push(ca);
  }
  if (!Array.isArray(chain)) return { issues };
  const leaf = chain[0]!;
  if (Date.parse(leaf.validTo) <= now)
    issues.push({
      field: "certChainPem",
      message: `the certificate expired on ${new Date(leaf.validTo).toISOString()}`,
    });
  for (let i = 0; i + 1 < chain.length; i++)
    if (!chain[i]!.checkIssued(chain[i + 1]!) || !chain[i]!.verify(chain[i + 1]!.publicKey))
      issues.push({ field: "certChainPem", message: `certificate ${i + 1} is not signed by certificate ${i + 2}` });
  if (key && !leaf.checkPrivateKey(key))
    issues.push({ field: "privateKeyPem", message: "the key does not belong to the (first) certificate" });
  if (issues.length > 0) return { issues };
  return { issues: [], credential: { sans: sansOf(leaf), notAfter: new Date(leaf.validTo) } };
}
