import { duplicates } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** A gateway cannot bind one port twice, and listener names key its metrics. */
export const uniqueListeners: MeshRule = {
  id: "unique-listeners",
  check(mesh) {
    const out: ValidationIssue[] = [];
    mesh.gateways.forEach((gw, g) => {
      for (const d of duplicates(gw.listeners, (l) => l.name))
        out.push(
          issue(
            "DUPLICATE_LISTENER_NAME",
            ["gateways", g, "listeners", d.index, "name"],
            `listener "${d.key}" is already defined in gateway "${gw.name}"`,
          ),
        );
      for (const d of duplicates(gw.listeners, (l) => String(l.port)))
        out.push(
          issue(
            "DUPLICATE_LISTENER_PORT",
            ["gateways", g, "listeners", d.index, "port"],
            `port ${d.key} is already used by listener ${d.first} of gateway "${gw.name}"`,
          ),
        );
    });
    return out;
  },
};
