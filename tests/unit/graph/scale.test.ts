import ELK from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { fromElkGraph, toElkGraph } from "@/components/graph/elk-layout.ts";
import {
  buildGraphModel,
  layoutKey,
  namespaceOf,
  neighbourhood,
  provisionalLayout,
  type GraphModel,
  type GraphView,
  type Placed,
  type Positions,
} from "@/components/graph/graph-model.ts";
import { searchMesh } from "@/components/graph/search.ts";
import { meshToFlow } from "@/components/graph/to-flow.ts";
import { combineTraffic, healthOf, trafficByKey } from "@/components/graph/traffic.ts";
import { setWeight } from "@/lib/core/draft/index.ts";
import { namespacedMeshInput } from "../../bench/topology-fixture.ts";
import { bookinfo, parse, twoGateways } from "./meshes.ts";

const view = (over: Partial<GraphView> = {}): GraphView => ({
  grouping: "namespace",
  collapsed: new Set(),
  focus: null,
  ...over,
});
const big = () => parse(namespacedMeshInput(60, 4, 2));
const groupOf = (model: GraphModel, id: string) => model.groups.find((g) => g.members.some((m) => m.id === id))?.id;
const overlap = (a: Placed, b: Placed) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Members never overlap inside a group, lie inside their group's frame, and groups never overlap. */
function expectTidy(model: GraphModel, positions: Positions) {
  const frames = model.groups.filter((g) => g.id);
  for (const [i, a] of frames.entries())
    for (const b of frames.slice(i + 1))
      expect(overlap(positions[a.id]!, positions[b.id]!), `${a.id} / ${b.id}`).toBe(false);
  for (const g of model.groups) {
    if (g.collapsed) continue;
    const frame = g.id ? positions[g.id]! : null;
    for (const [i, m] of g.members.entries()) {
      const p = positions[m.id]!;
      expect(p, m.id).toBeDefined();
      if (frame) {
        expect(p.x >= 0 && p.y >= 0, m.id).toBe(true);
        expect(p.x + p.width <= frame.width && p.y + p.height <= frame.height, `${m.id} inside ${g.id}`).toBe(true);
      }
      for (const o of g.members.slice(i + 1)) expect(overlap(p, positions[o.id]!), `${m.id} / ${o.id}`).toBe(false);
    }
  }
}

describe("namespaceOf", () => {
  it.each([
    ["reviews.bookinfo.svc.cluster.local", "bookinfo"],
    ["reviews.bookinfo.svc", "bookinfo"],
    ["reviews.demo", "demo"],
    ["api.shop.example.com", "shop.example.com"],
    ["*.shop.example.com", "example.com"],
    ["reviews", "default"],
  ])("%s → %s", (host, ns) => expect(namespaceOf(host)).toBe(ns));
});

describe("graph model", () => {
  it("groups services by namespace, routes with the services they send to, gateways apart", () => {
    const mesh = big();
    const model = buildGraphModel(mesh, view());
    expect(model.groups.map((g) => g.id)).toEqual([
      "group:namespace:~gateways",
      "group:namespace:ns-0",
      "group:namespace:ns-1",
      "group:namespace:ns-2",
      "group:namespace:ns-3",
    ]);
    for (const s of mesh.services) {
      const ns = `group:namespace:${namespaceOf(s.host)}`;
      expect(groupOf(model, `svc:${s.name}`)).toBe(ns);
      expect(groupOf(model, `route:${s.name}-route`)).toBe(ns);
    }
    expect(model.groups[0]!.members.map((m) => m.id)).toEqual(["gw:gw-0", "gw:gw-1"]);
    expect(model.groups.reduce((a, g) => a + g.members.length, 0)).toBe(2 + 60 + 60);
  });

  it("groups by gateway: each gateway with the routes bound to it first and the services they reach", () => {
    const model = buildGraphModel(twoGateways(), view({ grouping: "gateway" }));
    const ids = Object.fromEntries(model.groups.map((g) => [g.id, g.members.map((m) => m.id).sort()]));
    expect(ids).toEqual({
      "group:gateway:internal": ["gw:internal", "route:r-both", "route:r-internal"],
      "group:gateway:public": ["gw:public", "route:r-mesh", "route:r-public", "svc:alpha", "svc:beta"],
      "group:gateway:~mesh": ["route:r-ghost"],
      "group:gateway:~unrouted": ["svc:empty", "svc:unused"],
    });
  });

  it("links gateway → route → service once each, only between present members", () => {
    const model = buildGraphModel(twoGateways(), view({ grouping: "none" }));
    const links = model.links.map((l) => `${l.source}>${l.target}`).sort();
    expect(links).toEqual(
      [
        "gw:internal>route:r-internal",
        "gw:internal>route:r-both",
        "gw:public>route:r-both",
        "gw:public>route:r-mesh",
        "gw:internal>route:r-mesh",
        "gw:public>route:r-public",
        "route:r-internal>svc:beta",
        "route:r-mesh>svc:alpha",
        "route:r-public>svc:alpha",
        "route:r-public>svc:beta",
        "route:r-both>svc:beta",
      ].sort(),
    );
  });

  it("focus keeps the service's neighbourhood, one hop more at a time", () => {
    const mesh = twoGateways();
    expect([...neighbourhood(mesh, "beta", 1)].sort()).toEqual(
      ["svc:beta", "route:r-internal", "route:r-public", "route:r-both"].sort(),
    );
    const two = neighbourhood(mesh, "beta", 2);
    expect(two.has("gw:public") && two.has("gw:internal") && two.has("svc:alpha")).toBe(true);
    expect(two.has("route:r-mesh")).toBe(false);
    expect(neighbourhood(mesh, "beta", 3).has("route:r-mesh")).toBe(true);
    const model = buildGraphModel(mesh, view({ focus: { service: "beta", hops: 1 } }));
    expect(model.groups.flatMap((g) => g.members.map((m) => m.id)).sort()).toEqual(
      [...neighbourhood(mesh, "beta", 1)].sort(),
    );
  });

  it("the layout key ignores weights and changes with the structure and the collapsed groups", () => {
    const mesh = bookinfo();
    const key = layoutKey(buildGraphModel(mesh, view()));
    const reweighted = setWeight(mesh, { route: "reviews", rule: 0, destination: 1 }, 65);
    expect(layoutKey(buildGraphModel(reweighted, view()))).toBe(key);
    const moreRules = structuredClone(mesh);
    moreRules.routes[0]!.rules.push(structuredClone(moreRules.routes[0]!.rules[0]!));
    expect(layoutKey(buildGraphModel(moreRules, view()))).not.toBe(key);
    expect(layoutKey(buildGraphModel(mesh, view({ collapsed: new Set(["group:namespace:demo"]) })))).not.toBe(key);
  });
});

describe("layouts", () => {
  it("the provisional layout is tidy", () => {
    const model = buildGraphModel(big(), view());
    expectTidy(model, provisionalLayout(model));
    const none = buildGraphModel(big(), view({ grouping: "none" }));
    expectTidy(none, provisionalLayout(none));
  });

  it("ELK's layered layout (as the worker runs it) is tidy and left to right inside each group", async () => {
    const model = buildGraphModel(big(), view({ collapsed: new Set(["group:namespace:ns-3"]) }));
    const positions = fromElkGraph(await new ELK().layout(toElkGraph(model)));
    expectTidy(model, positions);
    expect(positions["group:namespace:ns-3"]).toMatchObject({ width: 230, height: 86 });
    for (const l of model.links)
      if (groupOf(model, l.source) === groupOf(model, l.target) && groupOf(model, l.source) !== "group:namespace:ns-3")
        expect(positions[l.source]!.x, `${l.source} left of ${l.target}`).toBeLessThan(positions[l.target]!.x);
  });
});

describe("meshToFlow with groups", () => {
  const mesh = big();
  const model = buildGraphModel(mesh, view({ collapsed: new Set(["group:namespace:ns-1"]) }));
  const { nodes, edges } = meshToFlow(mesh, [], { model, positions: provisionalLayout(model) });

  it("draws group frames first, members inside them, and a collapsed group as one node", () => {
    const ids = new Set(nodes.map((n) => n.id));
    expect(nodes[0]!.type).toBe("meshGroup");
    expect(nodes.find((n) => n.id === "group:namespace:ns-1")?.type).toBe("groupCollapsed");
    expect(ids.has("svc:svc-1") || ids.has("route:svc-1-route") || ids.has("ver:svc-1/v1")).toBe(false);
    expect(nodes.find((n) => n.id === "svc:svc-0")?.parentId).toBe("group:namespace:ns-0");
    for (const [i, n] of nodes.entries())
      if (n.parentId)
        expect(
          nodes.findIndex((p) => p.id === n.parentId),
          n.id,
        ).toBeLessThan(i);
  });

  it("every edge ends at a drawn node; edges into the collapsed group are merged per pair", () => {
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
    const agg = edges.filter((e) => e.id.startsWith("agg:"));
    expect(agg.map((e) => e.id).sort()).toEqual(["agg:gw:gw-1->group:namespace:ns-1"]);
  });
});

describe("meshToFlow on a large grouped graph", () => {
  it("ends a gateway's bindings into another group at the group's frame, one edge per pair", () => {
    const mesh = parse(namespacedMeshInput(160, 4, 2));
    const model = buildGraphModel(mesh, view());
    const { nodes, edges } = meshToFlow(mesh, [], { model, positions: provisionalLayout(model) });
    const ids = new Set(nodes.map((n) => n.id));
    expect(edges.filter((e) => e.className === "edge-bind")).toEqual([]);
    // gw-K binds the routes of namespace K (mod 2): two namespaces each.
    expect(
      edges
        .filter((e) => e.id.startsWith("agg:"))
        .map((e) => e.id)
        .sort(),
    ).toEqual([
      "agg:gw:gw-0->group:namespace:ns-0",
      "agg:gw:gw-0->group:namespace:ns-2",
      "agg:gw:gw-1->group:namespace:ns-1",
      "agg:gw:gw-1->group:namespace:ns-3",
    ]);
    for (const e of edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
  });
});

describe("search", () => {
  it("finds gateways, routes and services by name or host", () => {
    const mesh = twoGateways();
    expect(searchMesh(mesh, "BETA")).toEqual(["svc:beta"]);
    expect(searchMesh(mesh, "r-")).toEqual([
      "route:r-internal",
      "route:r-mesh",
      "route:r-public",
      "route:r-both",
      "route:r-ghost",
    ]);
    expect(searchMesh(mesh, "pub")).toEqual(["gw:public", "route:r-public"]);
    expect(searchMesh(mesh, "  ")).toEqual([]);
  });
});

describe("traffic", () => {
  const pt = (key: string, rps: number, errorRate: number, p99: number) => ({
    t: 1,
    key,
    rps,
    p50: p99 / 2,
    p99,
    errorRate,
  });
  it("averages over the whole window and weights errors and p99 by requests", () => {
    const t = trafficByKey([pt("a", 30, 0, 10), pt("a", 10, 0.5, 50), pt("b", 1, 0, 1)], 10).get("a")!;
    expect(t.rps).toBe(4);
    expect(t.errorRate).toBeCloseTo(5 / 40);
    expect(t.p99).toBeCloseTo((30 * 10 + 10 * 50) / 40);
  });
  it("colours by Kiali's default thresholds", () => {
    expect(healthOf(undefined)).toBe("idle");
    expect(healthOf({ rps: 0, errorRate: 0, p99: null })).toBe("idle");
    expect(healthOf({ rps: 5, errorRate: 0.0009, p99: 1 })).toBe("healthy");
    expect(healthOf({ rps: 5, errorRate: 0.001, p99: 1 })).toBe("degraded");
    expect(healthOf({ rps: 5, errorRate: 0.1, p99: 1 })).toBe("degraded");
    expect(healthOf({ rps: 5, errorRate: 0.11, p99: 1 })).toBe("failure");
  });
  it("combines parts: summed requests, weighted errors, the worst p99", () => {
    expect(combineTraffic([undefined])).toBeUndefined();
    expect(combineTraffic([{ rps: 3, errorRate: 0, p99: 5 }, { rps: 1, errorRate: 1, p99: 9 }, undefined])).toEqual({
      rps: 4,
      errorRate: 0.25,
      p99: 9,
    });
  });
});
