import type { ClientTls } from "../../model/index.ts";
import { issue, type IssuePath, type MeshRule, type ValidationIssue } from "../types.ts";

/** One upstream TLS setting: MUTUAL needs a client credential; ISTIO_MUTUAL brings its own (the proxy's). */
function checkTls(name: string, tls: ClientTls | undefined, path: IssuePath): ValidationIssue[] {
  if (tls === undefined) return [];
  const at = [...path, "credentialName"];
  if (tls.mode === "MUTUAL" && tls.credentialName === undefined)
    return [
      issue(
        "MUTUAL_WITHOUT_CREDENTIAL",
        at,
        `${name}: MUTUAL TLS needs credentialName (a secret with the client certificate and key)`,
      ),
    ];
  if (tls.mode === "ISTIO_MUTUAL" && tls.credentialName !== undefined)
    return [
      issue(
        "ISTIO_MUTUAL_WITH_CREDENTIAL",
        at,
        `${name}: ISTIO_MUTUAL presents the proxy's workload certificate; credentialName is ignored`,
      ),
    ];
  return [];
}

/** Upstream TLS of services (DestinationRule trafficPolicy.tls) and of single versions (a subset's). */
export const upstreamTls: MeshRule = {
  id: "upstream-tls",
  check(mesh) {
    return mesh.services.flatMap((s, i) => [
      ...checkTls(`service ${s.name}`, s.trafficPolicy?.tls, ["services", i, "trafficPolicy", "tls"]),
      ...s.versions.flatMap((v, vi) =>
        checkTls(`service ${s.name} version ${v.name}`, v.tls, ["services", i, "versions", vi, "tls"]),
      ),
    ]);
  },
};
