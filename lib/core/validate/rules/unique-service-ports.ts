import { duplicates } from "../helpers.ts";
import { issue, type MeshRule } from "../types.ts";

/** A destination picks a port by number and exports name ports: both must be unique within the service. */
export const uniqueServicePorts: MeshRule = {
  id: "unique-service-ports",
  check: (mesh) =>
    mesh.services.flatMap((svc, s) => [
      ...duplicates(svc.ports, (p) => p.name).map((d) =>
        issue(
          "DUPLICATE_SERVICE_PORT",
          ["services", s, "ports", d.index, "name"],
          `port "${d.key}" of "${svc.name}" is already defined`,
        ),
      ),
      ...duplicates(svc.ports, (p) => String(p.number)).map((d) =>
        issue(
          "DUPLICATE_SERVICE_PORT",
          ["services", s, "ports", d.index, "number"],
          `port ${d.key} of "${svc.name}" is already defined`,
        ),
      ),
    ]),
};
