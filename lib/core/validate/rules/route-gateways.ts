import { issue, type MeshRule, type ValidationIssue } from "../types.ts";

export const routeGateways: MeshRule = {
  id: "route-gateways",
  check(mesh) {
    const known = new Set(mesh.gateways.map((g) => g.name));
    const out: ValidationIssue[] = [];
    mesh.routes.forEach((route, r) =>
      route.gateways.forEach((gw, i) => {
        if (!known.has(gw))
          out.push(issue("UNKNOWN_GATEWAY", ["routes", r, "gateways", i], `gateway "${gw}" does not exist`));
      }),
    );
    return out;
  },
};
