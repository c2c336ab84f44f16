import { eachRule, versionIndex } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/**
 * Every destination names an existing service and one of its versions (an Istio subset), and a port only when the
 * service declares it (its protocol picks the upstream HTTP version).
 */
export const destinationRefs: MeshRule = {
  id: "destination-refs",
  check(mesh) {
    const index = versionIndex(mesh);
    const ports = new Map(mesh.services.map((s) => [s.name, new Set(s.ports.map((p) => p.number))]));
    const out: ValidationIssue[] = [];
    eachRule(mesh, (rule, path) => {
      rule.destinations.forEach((d, i) => {
        const at = [...path, "destinations", i];
        const versions = index.get(d.service);
        if (!versions) out.push(issue("UNKNOWN_SERVICE", [...at, "service"], `service "${d.service}" does not exist`));
        else if (!versions.has(d.version))
          out.push(
            issue("UNKNOWN_VERSION", [...at, "version"], `service "${d.service}" has no version "${d.version}"`),
          );
        if (versions && d.port !== undefined && !ports.get(d.service)?.has(d.port))
          out.push(issue("UNKNOWN_SERVICE_PORT", [...at, "port"], `service "${d.service}" has no port ${d.port}`));
      });
    });
    return out;
  },
};
