import { listenerAllows, referencedListeners } from "../compile/hostnames.ts";
import type { MeshConfig } from "../model/index.ts";
import type { Unsupported } from "./gateway-api-export-rules.ts";

/**
 * What an Istio export cannot say of a mesh that Gateway API (or the editor) wrote: the Gateway API meanings Istio's
 * objects have no field for. Listed like the Gateway API export's `unsupported`, with the path into the MeshConfig,
 * so a conversion says what does not map instead of dropping it.
 */
export function istioExportNotes(mesh: MeshConfig): Unsupported[] {
  const out: Unsupported[] = [];
  mesh.routes.forEach((route, r) => {
    if (route.semantics === "gateway-api" && route.rules.length > 1)
      out.push({
        path: ["routes", r, "semantics"],
        message: `route ${route.name} orders its rules by Gateway API precedence (exact path, longest prefix, method, headers, query); the VirtualService keeps them in list order and Istio takes the first that matches, which may be another rule`,
      });
    route.listenerRefs.forEach((ref, i) => {
      if (ref.sectionName !== undefined)
        out.push({
          path: ["routes", r, "listenerRefs", i],
          message: `route ${route.name} attaches to listener ${ref.sectionName} of gateway ${ref.gateway} only; a VirtualService binds to every server of its gateway`,
        });
    });
  });
  // allowedRoutes matters where it keeps a route out: Istio would let that route in.
  mesh.gateways.forEach((gw, g) =>
    gw.listeners.forEach((l, i) => {
      const kept = mesh.routes.filter(
        (route) =>
          route.gateways.includes(gw.name) &&
          referencedListeners(route, gw).includes(l) &&
          !listenerAllows(l, gw, route, mesh.namespaces),
      );
      if (kept.length > 0)
        out.push({
          path: ["gateways", g, "listeners", i, "allowedRoutes"],
          message: `listener ${l.name} of gateway ${gw.name} does not allow route${kept.length > 1 ? "s" : ""} ${kept.map((x) => x.name).join(", ")} (allowedRoutes); an Istio Gateway server takes VirtualServices of any namespace (narrowed only by their exportTo), so there they would attach`,
        });
    }),
  );
  (mesh.namespaces ?? []).forEach((n, i) => {
    if (Object.keys(n.labels).length > 0)
      out.push({
        path: ["namespaces", i],
        message: `labels of namespace ${n.name} are not written: the Istio export has no Namespace objects (the labels matter to allowedRoutes selectors only)`,
      });
  });
  return out;
}
