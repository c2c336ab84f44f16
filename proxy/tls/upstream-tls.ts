import { createHash } from "node:crypto";
import { isIP } from "node:net";
import tls from "node:tls";
import type { Cluster } from "../../lib/core/index.ts";
import type { ClientTls } from "../../lib/core/model/tls.ts";
import { ROOT_CA_SECRET_NAME, WORKLOAD_SECRET_NAME } from "../../lib/core/protocol/secrets.ts";
import type { SecretStore } from "../secrets/store.ts";

/** An upstream TLS setting that cannot be served (a credential missing): connecting fails with this error. */
export class UpstreamTlsConfigError extends Error {
  override name = "UpstreamTlsConfigError";
  readonly code = "ERR_UPSTREAM_TLS_CONFIG";
}

type Connector = (opts: unknown, cb: (err: Error | null, socket: null) => void) => void;

/** What an endpoint's pool connects with: tls.connect options, or a connector that fails with the reason. */
export interface UpstreamTls {
  /** Equal keys: the same settings and secret contents (the pool is kept); a new key replaces the pool. */
  key: string;
  connect: tls.ConnectionOptions | Connector;
}

const digest = (parts: unknown[]): string => createHash("sha256").update(JSON.stringify(parts)).digest("hex");

/**
 * The connect options for a cluster's trafficPolicy.tls (Istio's ClientTLSSettings): SIMPLE verifies the server
 * against the credential's CA bundle, or the system roots without one; MUTUAL also presents the credential's
 * certificate; ISTIO_MUTUAL presents the proxy's workload certificate (`default`) and trusts the mesh bundle
 * (`ROOTCA`). `sni` (default: the service host) is sent and checked; `subjectAltNames`, when given, replace the
 * hostname check (any one must appear among the certificate's DNS or URI SANs). Undefined: plain HTTP.
 */
export function upstreamTls(cluster: Cluster, store: SecretStore): UpstreamTls | undefined {
  const t = cluster.trafficPolicy?.tls;
  if (t === undefined || t.mode === "DISABLE") return undefined;
  const fail = (message: string): UpstreamTls => {
    const error = new UpstreamTlsConfigError(message);
    return { key: digest([t, message]), connect: (_opts, cb) => cb(error, null) };
  };
  const credential = t.mode === "ISTIO_MUTUAL" ? undefined : t.credentialName ? store.get(t.credentialName) : undefined;
  if (t.credentialName && t.mode !== "ISTIO_MUTUAL" && !credential)
    return fail(`upstream TLS credential ${t.credentialName} not found`);
  let cert: string | undefined;
  let key: string | undefined;
  let ca: string | undefined = credential?.caBundlePem;
  if (t.mode === "MUTUAL") {
    if (!credential?.certChainPem)
      return fail(`upstream TLS credential ${t.credentialName ?? "(none)"} has no client certificate`);
    cert = credential.certChainPem;
    key = credential.privateKeyPem;
  }
  if (t.mode === "ISTIO_MUTUAL") {
    const workload = store.get(WORKLOAD_SECRET_NAME);
    const root = store.get(ROOT_CA_SECRET_NAME);
    if (!workload?.certChainPem || !root?.caBundlePem)
      return fail("ISTIO_MUTUAL needs the proxy's workload certificate (default) and the mesh trust bundle (ROOTCA)");
    cert = workload.certChainPem;
    key = workload.privateKeyPem;
    ca = root.caBundlePem;
  }
  const servername = t.sni ?? cluster.host;
  const sans = t.subjectAltNames;
  const connect: tls.ConnectionOptions = {
    servername: isIP(servername) ? undefined : servername,
    ca,
    cert,
    key,
    rejectUnauthorized: t.insecureSkipVerify !== true,
    checkServerIdentity: identityCheck(t, servername, sans),
  };
  return { key: digest([t, cluster.host, ca, cert, key]), connect };
}

function identityCheck(
  t: ClientTls,
  servername: string,
  sans: readonly string[] | undefined,
): (host: string, cert: tls.PeerCertificate) => Error | undefined {
  if (t.insecureSkipVerify === true) return () => undefined;
  if (sans && sans.length > 0)
    return (_host, cert) => {
      const present = (cert.subjectaltname ?? "").split(", ").map((s) => s.replace(/^(DNS|URI|IP Address):/, ""));
      if (sans.some((s) => present.includes(s))) return undefined;
      const e = new Error(
        `upstream certificate SANs [${present.join(", ")}] match none of subjectAltNames [${sans.join(", ")}]`,
      );
      (e as NodeJS.ErrnoException).code = "ERR_TLS_CERT_ALTNAME_INVALID";
      return e;
    };
  // ISTIO_MUTUAL without subjectAltNames: the peer proves a mesh identity (a SPIFFE URI, no DNS name); the chain to
  // ROOTCA is what is checked, as Istio does when a DestinationRule names no SANs.
  if (t.mode === "ISTIO_MUTUAL") return () => undefined;
  return (_host, cert) => tls.checkServerIdentity(servername, cert);
}
