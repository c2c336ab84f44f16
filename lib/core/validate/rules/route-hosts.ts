import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/** Binding key for routes with no gateway: they are served by every proxy in the mesh. */
const MESH_BINDING = "(mesh)";

/**
 * Routes sharing a host on one binding (a gateway, or the mesh for unbound routes) are merged into one rule list
 * (lib/core/compile/precedence.ts), with three exceptions that would make the merge undefined:
 * - a route naming a host twice (SB209);
 * - two Istio routes for one host on the mesh: Istio merges VirtualServices on gateways only (SB209);
 * - routes of different semantics for one host: Istio order and Gateway API precedence do not compose (SB210).
 */
export const routeHosts: MeshRule = {
  id: "route-hosts",
  check(mesh) {
    const owner = new Map<string, { route: number; name: string; semantics: string }>();
    const out: ValidationIssue[] = [];
    mesh.routes.forEach((route, r) => {
      const bindings = route.gateways.length > 0 ? [...new Set(route.gateways)] : [MESH_BINDING];
      route.hosts.forEach((host, h) => {
        for (const binding of bindings) {
          const key = `${binding}\u0000${host}`;
          const prev = owner.get(key);
          if (!prev) {
            owner.set(key, { route: r, name: route.name, semantics: route.semantics });
            continue;
          }
          const where = binding === MESH_BINDING ? "the mesh" : `gateway "${binding}"`;
          const at = ["routes", r, "hosts", h];
          if (prev.route === r)
            out.push(issue("DUPLICATE_ROUTE_HOST", at, `host "${host}" is listed twice by this route`));
          else if (prev.semantics !== route.semantics)
            out.push(
              issue(
                "MIXED_ROUTE_SEMANTICS",
                at,
                `host "${host}" on ${where} is served by ${prev.semantics} route "${prev.name}" and this ${route.semantics} route; give them different hosts`,
              ),
            );
          else if (binding === MESH_BINDING && route.semantics === "istio")
            out.push(
              issue(
                "DUPLICATE_ROUTE_HOST",
                at,
                `host "${host}" on the mesh is already served by route "${prev.name}" (Istio merges routes for one host on gateways only)`,
              ),
            );
          else continue;
          break; // one issue per host entry is enough
        }
      });
    });
    return out;
  },
};
