import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** Upstream TLS (DestinationRule trafficPolicy.tls): MUTUAL needs a client credential; ISTIO_MUTUAL brings its own. */
export const upstreamTls: MeshRule = {
  id: "upstream-tls",
  check(mesh) {
    const out: ValidationIssue[] = [];
    mesh.services.forEach((s, i) => {
      const tls = s.trafficPolicy?.tls;
      if (tls === undefined) return;
      const path = ["services", i, "trafficPolicy", "tls"];
      if (tls.mode === "MUTUAL" && tls.credentialName === undefined)
        out.push(
          issue(
            "MUTUAL_WITHOUT_CREDENTIAL",
            [...path, "credentialName"],
            `service ${s.name}: MUTUAL TLS needs credentialName (a secret with the client certificate and key)`,
          ),
        );
      if (tls.mode === "ISTIO_MUTUAL" && tls.credentialName !== undefined)
        out.push(
          issue(
            "ISTIO_MUTUAL_WITH_CREDENTIAL",
            [...path, "credentialName"],
            `service ${s.name}: ISTIO_MUTUAL presents the proxy's workload certificate; credentialName is ignored`,
          ),
        );
    });
    return out;
  },
};
