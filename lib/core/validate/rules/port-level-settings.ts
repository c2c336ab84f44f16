import { clusterPort } from "../../compile/port-policy.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/**
 * A portLevelSettings entry applies to a destination naming its port (a port of the service) and to a version all of
 * whose requests use its port (compile/port-policy.ts): an entry for any other port is kept and exported, but the
 * proxy never applies it. Warned so that this is never silent.
 */
export const portLevelSettings: MeshRule = {
  id: "port-level-settings",
  check(mesh) {
    const out: ValidationIssue[] = [];
    mesh.services.forEach((svc, s) => {
      const entries = svc.trafficPolicy?.portLevelSettings ?? [];
      if (entries.length === 0) return;
      const used = new Set([...svc.ports.map((p) => p.number), ...svc.versions.map((v) => clusterPort(svc, v))]);
      entries.forEach((e, i) => {
        if (!used.has(e.port))
          out.push(
            issue(
              "PORT_SETTINGS_UNUSED",
              ["services", s, "trafficPolicy", "portLevelSettings", i, "port"],
              `"${svc.name}" has no port ${e.port} and no version sends all its requests to it: these settings are kept but not applied`,
            ),
          );
      });
    });
    return out;
  },
};
