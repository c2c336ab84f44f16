import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** HTTPS listeners terminate TLS with named credentials; HTTP listeners have none (they may redirect to https). */
export const listenerTls: MeshRule = {
  id: "listener-tls",
  check(mesh) {
    const out: ValidationIssue[] = [];
    mesh.gateways.forEach((gw, g) =>
      gw.listeners.forEach((l, li) => {
        const path = ["gateways", g, "listeners", li];
        const name = `${gw.name}/${l.name}`;
        if (l.protocol === "HTTPS" && l.tls === undefined)
          out.push(issue("HTTPS_WITHOUT_TLS", [...path, "tls"], `HTTPS listener ${name} names no credentials (tls)`));
        if (l.protocol === "HTTP" && l.tls !== undefined)
          out.push(
            issue("TLS_ON_HTTP_LISTENER", [...path, "tls"], `listener ${name} is HTTP: make it HTTPS or drop tls`),
          );
        if (l.protocol === "HTTPS" && l.httpsRedirect === true)
          out.push(
            issue(
              "REDIRECT_ON_HTTPS_LISTENER",
              [...path, "httpsRedirect"],
              `listener ${name} already serves https: httpsRedirect applies to HTTP listeners`,
            ),
          );
      }),
    );
    return out;
  },
};
