import { duplicates } from "../helpers.ts";
import { issue, type MeshRule } from "../types.ts";

/** Two services on one host would make the host → service mapping (and Istio export) ambiguous. */
export const uniqueServiceHosts: MeshRule = {
  id: "unique-service-hosts",
  check: (mesh) =>
    duplicates(mesh.services, (s) => s.host).map((d) =>
      issue(
        "DUPLICATE_SERVICE_HOST",
        ["services", d.index, "host"],
        `host "${d.key}" is already used by services[${d.first}]`,
      ),
    ),
};
