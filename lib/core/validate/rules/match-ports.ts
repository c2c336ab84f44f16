import type { MeshConfig, Route } from "../../model/index.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/**
 * The ports a route's `match.port` can see. On a gateway: the listener ports of the gateways the route is bound to.
 * In the mesh: the ports of the services the route's hosts name (the port the client called), as in Istio; null when
 * none of its hosts is a service's with declared ports, since then nothing tells which ports are served (a service
 * without ports is called on the proxy's own port).
 */
function servedPorts(mesh: MeshConfig, route: Route): Set<number> | null {
  if (route.gateways.length > 0)
    return new Set(
      mesh.gateways.filter((g) => route.gateways.includes(g.name)).flatMap((g) => g.listeners.map((l) => l.port)),
    );
  const hosts = new Set(route.hosts.map((h) => h.toLowerCase()));
  const services = mesh.services.filter((s) => hosts.has(s.host.toLowerCase()));
  const ports = services.flatMap((s) => s.ports.map((p) => p.number));
  return ports.length > 0 ? new Set(ports) : null;
}

/** A match on a port the route is never served on never holds: the config is valid, the match just is dead. */
export const matchPorts: MeshRule = {
  id: "match-ports",
  check(mesh) {
    const out: ValidationIssue[] = [];
    mesh.routes.forEach((route, r) => {
      if (!route.rules.some((rule) => rule.matches.some((m) => m.port !== undefined))) return;
      const ports = servedPorts(mesh, route);
      if (ports === null) return;
      const where =
        route.gateways.length > 0 ? "listener port of the route's gateways" : "port of the route's services";
      route.rules.forEach((rule, i) =>
        rule.matches.forEach((m, j) => {
          if (m.port !== undefined && !ports.has(m.port))
            out.push(
              issue(
                "UNSERVED_MATCH_PORT",
                ["routes", r, "rules", i, "matches", j, "port"],
                `port ${m.port} is no ${where} (${[...ports].sort((a, b) => a - b).join(", ") || "none"}): this match never holds`,
              ),
            );
        }),
      );
    });
    return out;
  },
};
