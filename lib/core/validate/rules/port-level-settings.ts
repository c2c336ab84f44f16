import { clusterPort } from "../../compile/port-policy.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/**
 * A portLevelSettings entry is compiled into a version's cluster only when all of that version's requests use its port
 * (compile/port-policy.ts): an entry no version uses is kept and exported, but the proxy does not apply it. Warned so
 * that this is never silent.
 */
export const portLevelSettings: MeshRule = {
  id: "port-level-settings",
  check(mesh) {
    const out: ValidationIssue[] = [];
    mesh.services.forEach((svc, s) => {
      const entries = svc.trafficPolicy?.portLevelSettings ?? [];
      if (entries.length === 0) return;
      const used = new Set(svc.versions.map((v) => clusterPort(svc, v)));
      entries.forEach((e, i) => {
        if (!used.has(e.port))
          out.push(
            issue(
              "PORT_SETTINGS_UNUSED",
              ["services", s, "trafficPolicy", "portLevelSettings", i, "port"],
              `no version of "${svc.name}" sends all its requests to port ${e.port} (several service ports, or endpoints on other ports): these settings are kept but not applied; the service-level policy is`,
            ),
          );
      });
    });
    return out;
  },
};
