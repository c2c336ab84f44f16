import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** Binding key for routes with no gateway: they are served by every proxy in the mesh. */
const MESH_BINDING = "(mesh)";

/**
 * On one binding (a gateway, or the mesh for unbound routes) a host must belong to one route:
 * otherwise which route answers depends on list order, which the editor does not show.
 */
export const routeHosts: MeshRule = {
  id: "route-hosts",
  check(mesh) {
    const owner = new Map<string, { route: number; name: string }>();
    const out: ValidationIssue[] = [];
    mesh.routes.forEach((route, r) => {
      const bindings = route.gateways.length > 0 ? [...new Set(route.gateways)] : [MESH_BINDING];
      route.hosts.forEach((host, h) => {
        for (const binding of bindings) {
          const key = `${binding}\u0000${host}`;
          const prev = owner.get(key);
          if (!prev) {
            owner.set(key, { route: r, name: route.name });
            continue;
          }
          const where = binding === MESH_BINDING ? "the mesh" : `gateway "${binding}"`;
          const who = prev.route === r ? "this route already" : `route "${prev.name}"`;
          out.push(
            issue(
              "DUPLICATE_ROUTE_HOST",
              ["routes", r, "hosts", h],
              `host "${host}" on ${where} is already served by ${who}`,
            ),
          );
          break; // one issue per host entry is enough
        }
      });
    });
    return out;
  },
};
