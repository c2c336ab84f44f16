import { eachRule, versionIndex } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** A mirror sends copies of requests to service/version: both must exist. */
export const mirrorTarget: MeshRule = {
  id: "mirror-target",
  check(mesh) {
    const index = versionIndex(mesh);
    const out: ValidationIssue[] = [];
    eachRule(mesh, (rule, path) => {
      const m = rule.mirror;
      if (!m) return;
      const versions = index.get(m.service);
      if (!versions)
        out.push(
          issue(
            "UNKNOWN_MIRROR_TARGET",
            [...path, "mirror", "service"],
            `mirror service "${m.service}" does not exist`,
          ),
        );
      else if (!versions.has(m.version))
        out.push(
          issue(
            "UNKNOWN_MIRROR_TARGET",
            [...path, "mirror", "version"],
            `service "${m.service}" has no version "${m.version}" to mirror to`,
          ),
        );
    });
    return out;
  },
};
