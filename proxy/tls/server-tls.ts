import { X509Certificate } from "node:crypto";
import tls from "node:tls";
import type { ServerTls } from "../../lib/core/model/tls.ts";
import type { SecretStore } from "../secrets/store.ts";

/** One credential of a listener, ready to present: its context and the names its certificate covers. */
export interface ServerCredential {
  name: string;
  context: tls.SecureContext;
  /** DNS subjectAltNames (lower case), the subject CN when there are none. */
  names: string[];
  notAfter: string | undefined;
}

/** A listener port's TLS, built once per secret or snapshot change. Never built per handshake. */
export interface ServerTlsState {
  settings: ServerTls;
  credentials: ServerCredential[];
  /** The context without SNI (or with an SNI no certificate covers): the first credential that loaded. */
  defaultOptions: tls.SecureContextOptions;
  /** Why a credential is not served (missing secret, no certificate, no CA for MUTUAL): shown in /stats. */
  problems: string[];
}

/** Node's defaults for ciphers and groups (OpenSSL's secure defaults); only the minimum version is raised. */
function minVersion(settings: ServerTls): tls.SecureVersion {
  return settings.minProtocolVersion === "TLSV1_3" ? "TLSv1.3" : "TLSv1.2";
}

export function certificateNames(pem: string): { names: string[]; notAfter: string } {
  const cert = new X509Certificate(pem);
  const names = (cert.subjectAltName ?? "")
    .split(", ")
    .filter((s) => s.startsWith("DNS:"))
    .map((s) => s.slice(4).toLowerCase());
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  return {
    names: names.length > 0 ? names : cn ? [cn.toLowerCase()] : [],
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

/** Ask for a client certificate (MUTUAL); refuse the handshake without a verified one (unless the insecure fallback). */
export const clientCertPolicy = (settings: ServerTls): { requestCert: boolean; rejectUnauthorized: boolean } => ({
  requestCert: settings.mode === "MUTUAL",
  rejectUnauthorized: settings.mode === "MUTUAL" && settings.clientValidation !== "AllowInsecureFallback",
});

/**
 * The contexts of a listener from its settings and the secret store. MUTUAL verifies client certificates against
 * the CA bundles of the listener's credentials (every context carries their union: which context OpenSSL verifies
 * with after an SNI switch is not something to rely on).
 */
export function buildServerTls(settings: ServerTls, store: SecretStore): ServerTlsState {
  const problems: string[] = [];
  if (settings.credentialNames.length === 0) problems.push("no credentials named (tls.credentialNames)");
  const min = minVersion(settings);
  const secrets = settings.credentialNames.map((name) => ({ name, secret: store.get(name) }));
  // The CA bundles that verify clients: the named trust anchors (frontend validation), else the credentials' own.
  const caSources = settings.clientCaNames?.map((name) => ({ name, secret: store.get(name) })) ?? secrets;
  const cas = caSources.flatMap((s) => (s.secret?.caBundlePem ? [s.secret.caBundlePem] : []));
  if (settings.mode === "MUTUAL" && cas.length === 0) {
    problems.push(
      `MUTUAL: no CA bundle to verify clients with (${caSources.map((s) => s.name).join(", ")} has no ca.crt)`,
    );
    // Fail closed: without a `ca` Node verifies client certificates against its bundled public roots, so any
    // publicly issued certificate would pass. No context: every handshake fails until the bundle arrives.
    return { settings, credentials: [], defaultOptions: { minVersion: min }, problems };
  }
  const mutual = settings.mode === "MUTUAL" ? { ca: cas } : {};
  const credentials: ServerCredential[] = [];
  let defaultOptions: tls.SecureContextOptions | null = null;
  for (const { name, secret } of secrets) {
    if (!secret) {
      problems.push(`credential ${name}: secret not found`);
      continue;
    }
    if (!secret.certChainPem || !secret.privateKeyPem) {
      problems.push(`credential ${name}: the secret has no certificate and key`);
      continue;
    }
    try {
      const options = { cert: secret.certChainPem, key: secret.privateKeyPem, minVersion: min, ...mutual };
      const { names, notAfter } = certificateNames(secret.certChainPem);
      credentials.push({ name, context: tls.createSecureContext(options), names, notAfter });
      defaultOptions ??= options;
    } catch (e) {
      problems.push(`credential ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // No certificate at all: a context without one, so every handshake fails (never plaintext instead).
  return { settings, credentials, defaultOptions: defaultOptions ?? { minVersion: min, ...mutual }, problems };
}

/** The credential for an SNI: an exact SAN first, then a wildcard SAN (`*.example.com`, one label), else none. */
export function pickCredential(state: ServerTlsState, servername: string): ServerCredential | undefined {
  const host = servername.toLowerCase();
  const exact = state.credentials.find((c) => c.names.includes(host));
  if (exact) return exact;
  const dot = host.indexOf(".");
  if (dot <= 0) return undefined;
  const wildcard = `*${host.slice(dot)}`;
  return state.credentials.find((c) => c.names.includes(wildcard));
}
