import { X509Certificate } from "node:crypto";
import { WORKLOAD_SECRET_NAME } from "../../lib/core/protocol/secrets.ts";
import { spiffeIdOf } from "../identity/peer-identity.ts";
import type { SecretStore } from "../secrets/store.ts";

/**
 * The SPIFFE ID of the proxy's own workload certificate (`default`: joined from the console's CA, or a file in
 * --secrets-dir); null while it has none or it carries no spiffe:// URI.
 */
export function workloadSpiffeId(store: SecretStore): string | null {
  const pem = store.get(WORKLOAD_SECRET_NAME)?.certChainPem;
  if (!pem) return null;
  try {
    return spiffeIdOf(new X509Certificate(pem).subjectAltName);
  } catch {
    return null;
  }
}
