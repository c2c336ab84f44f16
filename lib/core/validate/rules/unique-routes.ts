import { duplicates } from "../helpers.ts";
import { issue, type MeshRule } from "../types.ts";

export const uniqueRoutes: MeshRule = {
  id: "unique-routes",
  check: (mesh) =>
    duplicates(mesh.routes, (r) => r.name).map((d) =>
      issue(
        "DUPLICATE_ROUTE",
        ["routes", d.index, "name"],
        `route "${d.key}" is already defined at routes[${d.first}]`,
      ),
    ),
};
