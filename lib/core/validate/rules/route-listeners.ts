import { attachedListeners, hostsOnGateway, refSelects } from "../../compile/hostnames.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/**
 * A listenerRef must select a listener of a gateway the route is bound to, and a gateway-bound route must share a
 * hostname with some listener it attaches through; otherwise the route serves nothing there (Gateway API marks such
 * a route not accepted). Warnings: the config is valid, the route just has no effect on that gateway.
 */
export const routeListeners: MeshRule = {
  id: "route-listeners",
  check(mesh) {
    const gateways = new Map(mesh.gateways.map((g) => [g.name, g] as const));
    const out: ValidationIssue[] = [];
    mesh.routes.forEach((route, r) => {
      route.listenerRefs.forEach((ref, i) => {
        const gw = gateways.get(ref.gateway);
        const selects = gw?.listeners.some((l) => refSelects(ref, l));
        if (!route.gateways.includes(ref.gateway) || !selects)
          out.push(
            issue(
              "UNKNOWN_LISTENER",
              ["routes", r, "listenerRefs", i],
              `no listener of gateway "${ref.gateway}" the route is bound to matches ${ref.sectionName ? `section "${ref.sectionName}"` : ""}${ref.sectionName && ref.port ? " and " : ""}${ref.port ? `port ${ref.port}` : ""}`,
            ),
          );
      });
      route.gateways.forEach((name, i) => {
        const gw = gateways.get(name);
        if (gw && attachedListeners(route, gw).length > 0 && hostsOnGateway(route, gw).length === 0)
          out.push(
            issue(
              "NO_LISTENER_HOSTNAME",
              ["routes", r, "gateways", i],
              `none of the route's hosts matches a hostname of the listeners of gateway "${name}" it attaches to`,
            ),
          );
      });
    });
    return out;
  },
};
