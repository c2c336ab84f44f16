import { eachRule, versionIndex } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** Traffic to a version with no endpoints fails with 503; a warning, since endpoints may be coming. */
export const emptyVersion: MeshRule = {
  id: "empty-version",
  check(mesh) {
    const index = versionIndex(mesh);
    const out: ValidationIssue[] = [];
    eachRule(mesh, (rule, path) => {
      rule.destinations.forEach((d, i) => {
        const v = index.get(d.service)?.get(d.version);
        if (v && v.endpoints === 0 && d.weight > 0)
          out.push(
            issue(
              "NO_ENDPOINTS",
              [...path, "destinations", i, "version"],
              `${d.service}/${d.version} has no endpoints but receives ${d.weight}% of traffic`,
            ),
          );
      });
    });
    return out;
  },
};
