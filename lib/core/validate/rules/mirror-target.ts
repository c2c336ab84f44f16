import { eachRule, versionIndex } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** A mirror (the first, or an extra one) sends copies of requests to service/version: both must exist. */
export const mirrorTarget: MeshRule = {
  id: "mirror-target",
  check(mesh) {
    const index = versionIndex(mesh);
    const out: ValidationIssue[] = [];
    eachRule(mesh, (rule, rulePath) => {
      const all = [rule.mirror, ...(rule.extraMirrors ?? [])];
      all.forEach((m, i) => {
        if (!m) return;
        const path = i === 0 ? [...rulePath, "mirror"] : [...rulePath, "extraMirrors", i - 1];
        const versions = index.get(m.service);
        if (!versions)
          out.push(
            issue("UNKNOWN_MIRROR_TARGET", [...path, "service"], `mirror service "${m.service}" does not exist`),
          );
        else if (!versions.has(m.version))
          out.push(
            issue(
              "UNKNOWN_MIRROR_TARGET",
              [...path, "version"],
              `service "${m.service}" has no version "${m.version}" to mirror to`,
            ),
          );
      });
    });
    return out;
  },
};
