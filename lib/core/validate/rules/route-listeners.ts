import { attachedListeners, hostsOnGateway, referencedListeners, refSelects } from "../../compile/hostnames.ts";
import type { AllowedRoutes } from "../../model/index.ts";
import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

/**
 * A listenerRef must select a listener of a gateway the route is bound to, and a gateway-bound route must share a
 * hostname with some listener it attaches through, and some listener it names must allow it (allowedRoutes:
 * namespace, kind; Gateway API's NotAllowedByListeners); otherwise the route serves nothing there (Gateway API marks
 * such a route not accepted). Warnings: the config is valid, the route just has no effect on that gateway.
 */
const allowedText = (a: AllowedRoutes | undefined): string =>
  !a
    ? "any route"
    : `from ${a.from}${a.from === "Selector" ? ` ${JSON.stringify(a.selector?.matchLabels ?? {})}` : ""}${a.kinds ? `, kinds ${a.kinds.join(", ")}` : ""}`;

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
        if (!gw) return;
        const named = referencedListeners(route, gw);
        if (named.length > 0 && attachedListeners(route, gw, mesh.namespaces).length === 0) {
          out.push(
            issue(
              "NOT_ALLOWED_BY_LISTENERS",
              ["routes", r, "gateways", i],
              `no listener of gateway "${name}" the route names allows it (allowedRoutes: ${named
                .map((l) => `${l.name} ${allowedText(l.allowedRoutes)}`)
                .join("; ")}): it does not attach there`,
            ),
          );
          return;
        }
        if (named.length > 0 && hostsOnGateway(route, gw, mesh.namespaces).length === 0)
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
