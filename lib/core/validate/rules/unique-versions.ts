import { duplicates } from "../helpers.ts";
import { issue, type MeshRule } from "../types.ts";

export const uniqueVersions: MeshRule = {
  id: "unique-versions",
  check: (mesh) =>
    mesh.services.flatMap((svc, s) =>
      duplicates(svc.versions, (v) => v.name).map((d) =>
        issue(
          "DUPLICATE_VERSION",
          ["services", s, "versions", d.index, "name"],
          `version "${d.key}" of "${svc.name}" is already defined`,
        ),
      ),
    ),
};
