import { duplicates } from "../helpers.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** A gateway cannot serve one host on one port twice, and listener names key its metrics. */
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
      // Gateway API: listeners may share a port when their hostnames differ (the Host header tells them apart).
      const seen = new Map<string, number>();
      gw.listeners.forEach((l, li) => {
        for (const host of l.hosts) {
          const key = `${l.port}\u0000${host}`;
          const first = seen.get(key);
          if (first === undefined) {
            seen.set(key, li);
            continue;
          }
          out.push(
            issue(
              "DUPLICATE_LISTENER_PORT",
              ["gateways", g, "listeners", li, "port"],
              `port ${l.port} with host ${host} is already served by listener ${first} of gateway "${gw.name}"`,
            ),
          );
          break;
        }
      });
    });
    return out;
  },
};
