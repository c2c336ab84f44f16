import { duplicates } from "../helpers.ts";
import { issue, type MeshRule } from "../types.ts";

/** A repeated address:port would double its share silently; weights exist for that. */
export const uniqueEndpoints: MeshRule = {
  id: "unique-endpoints",
  check: (mesh) =>
    mesh.services.flatMap((svc, s) =>
      svc.versions.flatMap((ver, v) =>
        duplicates(ver.endpoints, (e) => `${e.address}:${e.port}`).map((d) =>
          issue(
            "DUPLICATE_ENDPOINT",
            ["services", s, "versions", v, "endpoints", d.index],
            `endpoint ${d.key} is listed twice in ${svc.name}/${ver.name}`,
          ),
        ),
      ),
    ),
};
