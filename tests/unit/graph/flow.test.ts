import { describe, expect, it } from "vitest";
import { layoutMesh, SIZE } from "@/components/graph/layout.ts";
import { meshToFlow } from "@/components/graph/to-flow.ts";
import type { BindEdge, MeshEdge, MeshNode, WeightEdge } from "@/components/graph/types.ts";
import { addListener, attachRouteToListener, setWeight } from "@/lib/core/draft/index.ts";
import type { ApiIssue } from "@/lib/core/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { bookinfo, parse, twoGateways } from "./meshes.ts";

const weightEdges = (edges: MeshEdge[]): WeightEdge[] => edges.filter((e): e is WeightEdge => e.type === "weight");
const nodeById = (nodes: MeshNode[], id: string): MeshNode => {
  const n = nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};
const edgeData = (edges: MeshEdge[], id: string) => {
  const e = weightEdges(edges).find((x) => x.id === id);
  if (!e?.data) throw new Error(`no weight edge ${id}`);
  return e.data;
};
const routeData = (nodes: MeshNode[], name: string) => {
  const n = nodeById(nodes, `route:${name}`);
  if (n.type !== "route") throw new Error(`${n.id} is a ${n.type}`);
  return n.data;
};
const inbound = (nodes: MeshNode[], id: string) => {
  const n = nodeById(nodes, id);
  if (n.type !== "version") throw new Error(`${n.id} is a ${n.type}`);
  return n.data.inboundRules;
};
describe("meshToFlow on the bookinfo mesh", () => {
  const mesh = bookinfo();
  const { nodes, edges } = meshToFlow(mesh);

  it("emits gateways, then routes, then each service followed by its versions", () => {
    expect(nodes.map((n) => `${n.type} ${n.id}`)).toEqual([
      "gateway gw:edge",
      "route route:productpage",
      "route route:details",
      "route route:ratings",
      "route route:reviews",
      "service svc:productpage",
      "version ver:productpage/v1",
      "service svc:details",
      "version ver:details/v1",
      "service svc:ratings",
      "version ver:ratings/v1",
      "service svc:reviews",
      "version ver:reviews/v1",
      "version ver:reviews/v2",
      "version ver:reviews/v3",
    ]);
  });

  it("nests every version in its service node, and the parent comes first", () => {
    for (const [i, n] of nodes.entries()) {
      if (n.type !== "version") {
        expect(n.parentId, n.id).toBeUndefined();
        continue;
      }
      expect(n.parentId).toBe(`svc:${n.data.service}`);
      expect(n.extent).toBe("parent");
      expect(nodes.findIndex((p) => p.id === n.parentId)).toBeLessThan(i);
    }
  });

  it("places nodes where the layout puts them", () => {
    const layout = layoutMesh(mesh);
    const boxOf = (n: MeshNode) => {
      const [kind, name] = [n.type, n.id.slice(n.id.indexOf(":") + 1)];
      const map =
        kind === "gateway"
          ? layout.gateways
          : kind === "route"
            ? layout.routes
            : kind === "service"
              ? layout.services
              : layout.versions;
      return map.get(name);
    };
    for (const n of nodes) {
      const b = boxOf(n);
      expect(b, n.id).toBeDefined();
      expect({ ...n.position, width: n.width, height: n.height }, n.id).toEqual(b);
    }
  });

  it("binds every route to the only gateway, since bookinfo routes name no gateways", () => {
    const bind = edges.filter((e) => e.type !== "weight");
    expect(bind.map((e) => `${e.source} -> ${e.target}`)).toEqual([
      "gw:edge -> route:productpage",
      "gw:edge -> route:details",
      "gw:edge -> route:ratings",
      "gw:edge -> route:reviews",
    ]);
  });

  it("draws one weight edge per destination, from the rule's handle to the version, carrying its weight", () => {
    expect(
      weightEdges(edges).map((e) => ({
        id: e.id,
        from: `${e.source}#${e.sourceHandle}`,
        to: e.target,
        weight: e.data?.weight,
        siblings: e.data?.siblings,
      })),
    ).toEqual([
      { id: "w:productpage/0/0", from: "route:productpage#rule-0", to: "ver:productpage/v1", weight: 100, siblings: 1 },
      { id: "w:details/0/0", from: "route:details#rule-0", to: "ver:details/v1", weight: 100, siblings: 1 },
      { id: "w:ratings/0/0", from: "route:ratings#rule-0", to: "ver:ratings/v1", weight: 100, siblings: 1 },
      { id: "w:reviews/0/0", from: "route:reviews#rule-0", to: "ver:reviews/v1", weight: 80, siblings: 2 },
      { id: "w:reviews/0/1", from: "route:reviews#rule-0", to: "ver:reviews/v2", weight: 20, siblings: 2 },
    ]);
    expect(edgeData(edges, "w:reviews/0/1")).toMatchObject({
      route: "reviews",
      routeIndex: 3,
      ruleIndex: 0,
      destIndex: 1,
      service: "reviews",
      version: "v2",
      invalid: false,
    });
  });

  it("summarizes route rules and counts the rules reaching each version", () => {
    expect(routeData(nodes, "reviews")).toEqual({
      name: "reviews",
      hosts: ["reviews.demo"],
      rules: ["all requests"],
      index: 3,
      invalidRules: [],
    });
    expect(inbound(nodes, "ver:reviews/v1")).toBe(1);
    expect(inbound(nodes, "ver:reviews/v2")).toBe(1);
    expect(inbound(nodes, "ver:reviews/v3")).toBe(0);
  });

  it("an empty mesh has no nodes and no edges", () => {
    expect(meshToFlow(parse({}))).toEqual({ nodes: [], edges: [] });
  });
});

describe("meshToFlow with several gateways", () => {
  const { nodes, edges } = meshToFlow(twoGateways());

  it("binds a route to the gateways it names, or to all of them when it names none, skipping unknown ones", () => {
    expect(edges.filter((e) => e.type !== "weight").map((e) => e.id)).toEqual([
      "gw:internal->r-internal",
      "gw:public->r-mesh",
      "gw:internal->r-mesh",
      "gw:public->r-public",
      "gw:internal->r-both",
      "gw:public->r-both",
    ]);
  });

  it("skips destinations to versions that do not exist and keeps the indexes of the rest", () => {
    expect(weightEdges(edges).map((e) => `${e.id} ${e.target} ${e.data?.weight}`)).toEqual([
      "w:r-internal/0/0 ver:beta/v1 100",
      "w:r-mesh/0/0 ver:alpha/v1 100",
      "w:r-public/0/0 ver:alpha/v2 100",
      "w:r-public/1/0 ver:alpha/v1 50",
      "w:r-public/1/1 ver:beta/v2 30",
      "w:r-both/0/0 ver:beta/v1 100",
    ]);
    expect(edgeData(edges, "w:r-public/1/1")).toMatchObject({ siblings: 3, destIndex: 1, ruleIndex: 1 });
    expect(weightEdges(edges).find((e) => e.id === "w:r-public/1/1")?.sourceHandle).toBe("rule-1");
  });

  it("spreads the labels of edges sharing a version, and centres a lone label", () => {
    expect(edgeData(edges, "w:r-mesh/0/0").labelT).toBeCloseTo(0.3);
    expect(edgeData(edges, "w:r-public/1/0").labelT).toBeCloseTo(0.75);
    expect(edgeData(edges, "w:r-internal/0/0").labelT).toBeCloseTo(0.3);
    expect(edgeData(edges, "w:r-both/0/0").labelT).toBeCloseTo(0.75);
    expect(edgeData(edges, "w:r-public/0/0").labelT).toBe(0.5);
    expect(edgeData(edges, "w:r-public/1/1").labelT).toBe(0.5);
  });

  it("counts inbound rules per version across routes", () => {
    expect(inbound(nodes, "ver:alpha/v1")).toBe(2);
    expect(inbound(nodes, "ver:alpha/v2")).toBe(1);
    expect(inbound(nodes, "ver:alpha/v3")).toBe(0);
    expect(inbound(nodes, "ver:beta/v1")).toBe(2);
    expect(inbound(nodes, "ver:unused/v1")).toBe(0);
  });

  it("a service without versions is a node with no children", () => {
    expect(nodeById(nodes, "svc:empty").type).toBe("service");
    expect(nodes.filter((n) => n.parentId === "svc:empty")).toEqual([]);
  });

  it("route nodes carry one summary line per rule", () => {
    expect(routeData(nodes, "r-public").rules).toEqual(["canary: x-canary present", "all requests"]);
    expect(routeData(nodes, "r-ghost").rules).toEqual(["all requests → 404"]);
  });
});

describe("meshToFlow with issues", () => {
  it("marks the rule and its edges named by a validation issue, and nothing else", () => {
    const mesh = bookinfo();
    mesh.routes[3]!.rules[0]!.destinations[1]!.weight = 30; // reviews: 80 + 30
    const issues = validateMesh(mesh);
    expect(issues.map((i) => i.path)).toEqual([["routes", 3, "rules", 0, "destinations"]]);

    const { nodes, edges } = meshToFlow(mesh, issues);
    expect(
      weightEdges(edges)
        .filter((e) => e.data?.invalid)
        .map((e) => e.id),
    ).toEqual(["w:reviews/0/0", "w:reviews/0/1"]);
    expect(routeData(nodes, "reviews").invalidRules).toEqual([0]);
    for (const r of ["productpage", "details", "ratings"]) expect(routeData(nodes, r).invalidRules, r).toEqual([]);
  });

  it("matches path prefixes element by element, so rule 1 is not rule 10 and hosts are not rules", () => {
    const mesh = twoGateways();
    const issues: ApiIssue[] = [
      { path: ["routes", 2, "rules", 1, "destinations", 2, "version"], message: "no version v9" },
      { path: ["routes", 2, "rules", 10], message: "not this rule" },
      { path: ["routes", 0, "hosts", 0], message: "a host, not a rule" },
      { path: ["routes", "3", "rules", "0"], message: "string indexes still match" },
    ];
    const { nodes, edges } = meshToFlow(mesh, issues);
    expect(routeData(nodes, "r-public").invalidRules).toEqual([1]);
    expect(routeData(nodes, "r-internal").invalidRules).toEqual([]);
    expect(routeData(nodes, "r-both").invalidRules).toEqual([0]);
    // A destination issue marks every edge of that rule; a rule-level issue marks none.
    expect(
      weightEdges(edges)
        .filter((e) => e.data?.invalid)
        .map((e) => e.id),
    ).toEqual(["w:r-public/1/0", "w:r-public/1/1"]);
  });
});

describe("meshToFlow after a weight edit", () => {
  it("the edited edge and its sibling show the new weights", () => {
    const { edges } = meshToFlow(setWeight(bookinfo(), { route: "reviews", rule: 0, destination: 1 }, 65));
    expect(edgeData(edges, "w:reviews/0/0").weight).toBe(35);
    expect(edgeData(edges, "w:reviews/0/1").weight).toBe(65);
    expect(edgeData(edges, "w:details/0/0").weight).toBe(100);
  });
});

describe("meshToFlow: routes attached to gateway listeners", () => {
  const bindEdges = (edges: MeshEdge[]): BindEdge[] => edges.filter((e): e is BindEdge => e.type === "bind");
  /** public gets a second listener for shop.test only; r-public is attached to it alone. */
  const attached = () => {
    const m = addListener(twoGateways(), "public"); // http-2 on :81, hosts *
    m.gateways[0]!.listeners[1]!.hosts = ["shop.test"];
    return attachRouteToListener(m, "r-public", "public", "http-2");
  };

  it("draws an attached route from its listener's handle, the others from the gateway's, and only bound ones detach", () => {
    const m = attached();
    const edges = bindEdges(meshToFlow(m, validateMesh(m)).edges);
    expect(edges.map((e) => `${e.id} ${e.sourceHandle} ${e.data?.detachable}`)).toEqual([
      "gw:internal->r-internal all true",
      "gw:public->r-mesh all false",
      "gw:internal->r-mesh all false",
      "gw:public/http-2->r-public#0 listener-1 true",
      "gw:internal->r-both all true",
      "gw:public->r-both all true",
    ]);
  });

  it("carries the hostname mismatch the validation finds on that attachment, and nothing on the others", () => {
    const m = attached(); // r-public answers c.test, the listener serves shop.test only
    const issues = validateMesh(m);
    const edges = bindEdges(meshToFlow(m, issues).edges);
    expect(edges.filter((e) => e.data?.problem).map((e) => e.id)).toEqual(["gw:public/http-2->r-public#0"]);
    expect(edges.find((e) => e.id === "gw:public/http-2->r-public#0")?.data?.problem).toMatch(
      /none of the route's hosts/,
    );
  });

  it("draws a listenerRef no listener matches from the gateway, flagged, so it can be detached", () => {
    const m = attached();
    m.routes.find((r) => r.name === "r-public")!.listenerRefs[0]!.sectionName = "gone";
    const edge = bindEdges(meshToFlow(m, validateMesh(m)).edges).find((e) => e.data?.route === "r-public")!;
    expect(edge).toMatchObject({ id: "gw:public->r-public#0", sourceHandle: "all" });
    expect(edge.data).toMatchObject({ ref: 0, detachable: true, problem: expect.stringMatching(/no listener/) });
  });

  it("makes the gateway node one listener row taller per listener", () => {
    const one = nodeById(meshToFlow(twoGateways()).nodes, "gw:public").height!;
    const two = nodeById(meshToFlow(attached()).nodes, "gw:public").height!;
    expect(two - one).toBe(SIZE.gateway.row);
  });
});
