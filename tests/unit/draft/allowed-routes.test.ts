import { describe, expect, it } from "vitest";
import {
  dropLabel,
  editNamespaceLabels,
  editSelectorLabels,
  labelKeyFree,
  meshNamespaces,
  namespaceLabels,
  putLabel,
  setAllowedRoutesFrom,
  setRouteNamespace,
} from "@/lib/core/draft/index.ts";
import { MeshConfigSchema, type MeshConfig } from "@/lib/core/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { parse } from "../graph/meshes.ts";
import { deepFreeze } from "./helpers.ts";

/** One gateway in `default`, a route of `shop` bound to it, a service in `backends`. */
const shopMesh = (): MeshConfig =>
  parse({
    services: [
      {
        name: "web",
        namespace: "backends",
        host: "web.test",
        versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: 9000 }] }],
      },
    ],
    gateways: [{ name: "edge", listeners: [{ name: "http", port: 80, hosts: ["*"] }] }],
    routes: [
      {
        name: "shop",
        namespace: "shop",
        hosts: ["shop.test"],
        gateways: ["edge"],
        rules: [{ destinations: [{ service: "web", version: "v1", weight: 100 }] }],
      },
    ],
  });

const at = { gateway: "edge", listener: 0 };
const listenerOf = (mesh: MeshConfig) => mesh.gateways[0]!.listeners[0]!;
const sb311 = (mesh: MeshConfig) => validateMesh(mesh).filter((i) => i.code === "SB311");

describe("label record helpers", () => {
  it("putLabel sets, adds and renames in place; dropLabel removes", () => {
    const labels = deepFreeze({ a: "1", b: "2" });
    expect(putLabel(labels, "b", "3")).toEqual({ a: "1", b: "3" });
    expect(putLabel(labels, "c", "4")).toEqual({ a: "1", b: "2", c: "4" });
    expect(Object.keys(putLabel(labels, "z", "1", "a"))).toEqual(["z", "b"]);
    expect(dropLabel(labels, "a")).toEqual({ b: "2" });
  });

  it("are no-ops (the same record) when nothing changes, the key is empty or a rename would overwrite", () => {
    const labels = deepFreeze({ a: "1", b: "2" });
    expect(putLabel(labels, "a", "1")).toBe(labels);
    expect(putLabel(labels, "", "x")).toBe(labels);
    expect(putLabel(labels, "b", "1", "a")).toBe(labels);
    expect(dropLabel(labels, "nope")).toBe(labels);
    expect(labelKeyFree(labels, "b", "a")).toBe(false);
    expect(labelKeyFree(labels, "a", "a")).toBe(true);
  });
});

describe("allowedRoutes commands", () => {
  it("a listener without allowedRoutes is 'Any'; setting Same keeps the rest of the listener", () => {
    const mesh = deepFreeze(shopMesh());
    const same = setAllowedRoutesFrom(mesh, at, "Same");
    expect(listenerOf(same)).toEqual({ ...listenerOf(mesh), allowedRoutes: { from: "Same" } });
    expect(setAllowedRoutesFrom(mesh, at, "Any")).toBe(mesh);
    expect(setAllowedRoutesFrom(same, at, "Same")).toBe(same);
    expect(listenerOf(setAllowedRoutesFrom(same, at, "Any"))).not.toHaveProperty("allowedRoutes");
  });

  it("Selector starts empty, matchLabels edit by key, leaving Selector drops the selector but keeps kinds", () => {
    const mesh = deepFreeze(shopMesh());
    let next = setAllowedRoutesFrom(mesh, at, "Selector");
    expect(listenerOf(next).allowedRoutes).toEqual({
      from: "Selector",
      selector: { matchLabels: {}, matchExpressions: [] },
    });
    next = editSelectorLabels(next, at, (l) => putLabel(l, "team", "shop"));
    expect(listenerOf(next).allowedRoutes?.selector?.matchLabels).toEqual({ team: "shop" });
    const withKinds = MeshConfigSchema.parse(structuredClone(next));
    withKinds.gateways[0]!.listeners[0]!.allowedRoutes!.kinds = ["HTTPRoute"];
    withKinds.gateways[0]!.listeners[0]!.allowedRoutes!.selector!.matchExpressions = [
      { key: "env", operator: "Exists", values: [] },
    ];
    const edited = editSelectorLabels(deepFreeze(withKinds), at, (l) => dropLabel(l, "team"));
    expect(listenerOf(edited).allowedRoutes?.selector).toEqual({
      matchLabels: {},
      matchExpressions: [{ key: "env", operator: "Exists", values: [] }],
    });
    expect(listenerOf(setAllowedRoutesFrom(edited, at, "All")).allowedRoutes).toEqual({
      from: "All",
      kinds: ["HTTPRoute"],
    });
  });

  it("is a no-op for a listener that does not select by labels, or one that does not exist", () => {
    const mesh = deepFreeze(shopMesh());
    expect(editSelectorLabels(mesh, at, (l) => putLabel(l, "team", "shop"))).toBe(mesh);
    expect(setAllowedRoutesFrom(mesh, { gateway: "edge", listener: 3 }, "Same")).toBe(mesh);
    expect(setAllowedRoutesFrom(mesh, { gateway: "nope", listener: 0 }, "Same")).toBe(mesh);
  });
});

describe("namespace label commands", () => {
  it("list the namespaces of services, routes, gateways and the mesh's labels, by name", () => {
    const mesh = editNamespaceLabels(shopMesh(), "staging", (l) => putLabel(l, "env", "test"));
    expect(meshNamespaces(mesh)).toEqual(["backends", "default", "shop", "staging"]);
  });

  it("add an entry in name order, and drop it (and the list) when its last label goes", () => {
    const mesh = deepFreeze(shopMesh());
    const a = editNamespaceLabels(mesh, "shop", (l) => putLabel(l, "team", "shop"));
    const b = editNamespaceLabels(a, "backends", (l) => putLabel(l, "team", "data"));
    expect(b.namespaces).toEqual([
      { name: "backends", labels: { team: "data" } },
      { name: "shop", labels: { team: "shop" } },
    ]);
    expect(namespaceLabels(b, "shop")).toEqual({ team: "shop" });
    const c = editNamespaceLabels(b, "backends", (l) => dropLabel(l, "team"));
    expect(c.namespaces).toEqual([{ name: "shop", labels: { team: "shop" } }]);
    const d = editNamespaceLabels(c, "shop", (l) => dropLabel(l, "team"));
    expect(d).not.toHaveProperty("namespaces");
    expect(editNamespaceLabels(mesh, "shop", (l) => dropLabel(l, "team"))).toBe(mesh);
    expect(MeshConfigSchema.parse(b)).toEqual(b);
  });

  it("a Selector listener keeps out a route of an unlabelled namespace (SB311) until the namespace is labelled", () => {
    let mesh = setAllowedRoutesFrom(shopMesh(), at, "Selector");
    mesh = editSelectorLabels(mesh, at, (l) => putLabel(l, "team", "shop"));
    expect(sb311(mesh)).toHaveLength(1);
    expect(sb311(mesh)[0]?.path).toEqual(["routes", 0, "gateways", 0]);
    const labelled = editNamespaceLabels(mesh, "shop", (l) => putLabel(l, "team", "shop"));
    expect(sb311(labelled)).toEqual([]);
    // The label follows the namespace, not the route: a route moved elsewhere is kept out again.
    expect(sb311(setRouteNamespace(labelled, "shop", "other"))).toHaveLength(1);
  });

  it("a label key or value Kubernetes would refuse is named by the schema at its key", () => {
    const bad = editNamespaceLabels(shopMesh(), "shop", (l) => putLabel(putLabel(l, "bad key", "x"), "ok", "no way"));
    const parsed = MeshConfigSchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues.map((i) => ({ path: i.path, message: i.message }));
    expect(issues).toEqual([
      { path: ["namespaces", 0, "labels", "bad key"], message: expect.stringContaining('label key "bad key"') },
      { path: ["namespaces", 0, "labels", "ok"], message: expect.stringContaining('label value "no way"') },
    ]);
    const selector = editSelectorLabels(setAllowedRoutesFrom(shopMesh(), at, "Selector"), at, (l) =>
      putLabel(l, "Example.com/team", "shop"),
    );
    expect(MeshConfigSchema.safeParse(selector).error?.issues[0]?.path).toEqual([
      "gateways",
      0,
      "listeners",
      0,
      "allowedRoutes",
      "selector",
      "matchLabels",
      "Example.com/team",
    ]);
    const good = editNamespaceLabels(shopMesh(), "shop", (l) =>
      putLabel(putLabel(l, "example.com/team", "shop_1.a"), "kubernetes.io/metadata.name", "shop"),
    );
    expect(MeshConfigSchema.safeParse(good).success).toBe(true);
  });
});
