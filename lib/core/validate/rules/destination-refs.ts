import { eachRule, versionIndex } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** Every destination names an existing service and one of its versions (an Istio subset). */
export const destinationRefs: MeshRule = {
  id: "destination-refs",
  check(mesh) {
    const index = versionIndex(mesh);
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
      });
    });
    return out;
  },
};
