import { describe, expect, it } from "vitest";
import { setGatewayNamespace, setRouteNamespace, setServiceNamespace } from "@/lib/core/draft/index.ts";
import { MeshConfigSchema } from "@/lib/core/index.ts";
import { bookinfo } from "../graph/meshes.ts";
import { deepFreeze, routeOf, serviceOf } from "./helpers.ts";

describe("namespace commands", () => {
  it("move a service, route or gateway to a namespace without touching the input", () => {
    const mesh = deepFreeze(bookinfo());
    const route = mesh.routes[0]!.name;
    const service = mesh.services[0]!.name;
    const next = setRouteNamespace(setServiceNamespace(mesh, service, " shop "), route, "apps");
    expect(serviceOf(next, service).namespace).toBe("shop");
    expect(routeOf(next, route).namespace).toBe("apps");
    expect(MeshConfigSchema.safeParse(next).success).toBe(true);
  });

  it("'default' and empty are the default namespace: the field is removed", () => {
    const mesh = bookinfo();
    const service = mesh.services[0]!.name;
    const moved = setServiceNamespace(mesh, service, "shop");
    expect(serviceOf(setServiceNamespace(moved, service, "default"), service)).not.toHaveProperty("namespace");
    expect(serviceOf(setServiceNamespace(moved, service, ""), service)).not.toHaveProperty("namespace");
  });

  it("a namespace that is not a DNS label is kept as typed and refused by the schema", () => {
    const mesh = bookinfo();
    const gateway = mesh.gateways[0]?.name;
    const next = gateway
      ? setGatewayNamespace(mesh, gateway, "Not_A_Label")
      : setRouteNamespace(mesh, mesh.routes[0]!.name, "Not_A_Label");
    const parsed = MeshConfigSchema.safeParse(next);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.at(-1)).toBe("namespace");
  });
});
