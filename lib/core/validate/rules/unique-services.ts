import { duplicates } from "../helpers.ts";
import { issue, type MeshRule } from "../types.ts";

export const uniqueServices: MeshRule = {
  id: "unique-services",
  check: (mesh) =>
    duplicates(mesh.services, (s) => s.name).map((d) =>
      issue(
        "DUPLICATE_SERVICE",
        ["services", d.index, "name"],
        `service "${d.key}" is already defined at services[${d.first}]`,
      ),
    ),
};
