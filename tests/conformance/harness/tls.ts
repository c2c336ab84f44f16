import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { issueCert, makeCa, writeSecret } from "../../helpers/test-certs.ts";

/**
 * The TLS Secrets the Go suite creates before its tests (MustCreateSelfSignedCertSecret): one test CA signs a
 * leaf for every Secret a Gateway listener's `tls.certificateRefs` names, written where the proxy's `--secrets-dir`
 * reads it. The TLS requests trust that CA, as upstream's trust the Secret's certificate.
 */
export interface HarnessTls {
  dir: string;
  caPem: string;
  close(): void;
}

interface GatewayDoc {
  kind?: unknown;
  spec?: { listeners?: { hostname?: unknown; tls?: { certificateRefs?: { name?: unknown }[] } }[] };
}

/** Secret name → the listener hostnames that present it (a listener without one: any host). */
export function listenerSecrets(manifests: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const text of manifests)
    for (const doc of parseAllDocuments(text)) {
      const obj = doc.toJS() as GatewayDoc | null;
      if (obj?.kind !== "Gateway") continue;
      for (const l of obj.spec?.listeners ?? [])
        for (const ref of l.tls?.certificateRefs ?? []) {
          if (typeof ref.name !== "string") continue;
          const hosts = out.get(ref.name) ?? new Set<string>();
          if (typeof l.hostname === "string") hosts.add(l.hostname);
          out.set(ref.name, hosts);
        }
    }
  return out;
}

export function prepareListenerSecrets(manifests: readonly string[]): HarnessTls {
  const dir = mkdtempSync(path.join(tmpdir(), "signalbox-conformance-secrets-"));
  const ca = makeCa("gateway-conformance test CA");
  for (const [name, hosts] of listenerSecrets(manifests)) {
    const sans = hosts.size > 0 ? [...hosts] : ["gateway-conformance.test"];
    writeSecret(dir, name, { cert: issueCert(ca, name, sans) });
  }
  return { dir, caPem: ca.certPem, close: () => rmSync(dir, { recursive: true, force: true }) };
}
