import { duplicates } from "../helpers.ts";
import { issue, type MeshRule } from "../types.ts";

export const uniqueGateways: MeshRule = {
  id: "unique-gateways",
  check: (mesh) =>
    duplicates(mesh.gateways, (g) => g.name).map((d) =>
      issue(
        "DUPLICATE_GATEWAY",
        ["gateways", d.index, "name"],
        `gateway "${d.key}" is already defined at gateways[${d.first}]`,
      ),
    ),
};
