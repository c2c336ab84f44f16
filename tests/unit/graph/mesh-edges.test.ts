import { describe, expect, it } from "vitest";
import {
  MESH_LABEL_HEIGHT,
  type MeshLabelPlace,
  meshFlowEdges,
  meshTrafficEdges,
  placeMeshLabels,
} from "@/components/graph/mesh-edges.ts";
import type { MetricsPoint } from "@/lib/core/api/index.ts";

const REVIEWS = "spiffe://cluster.local/ns/default/sa/reviews";
const point = (key: string, rps: number, errorRate = 0): MetricsPoint => ({
  t: 0,
  key,
  rps,
  p50: 1,
  p99: 4,
  errorRate,
});

describe("service-to-service edges on the topology", () => {
  it("one edge per caller service and version, with the weakest mTLS state; plaintext callers are not drawn", () => {
    const edges = meshTrafficEdges(
      [
        point(`${REVIEWS}>ratings/v1>locked`, 6),
        point(`${REVIEWS}>ratings/v1>permissive`, 4, 0.5),
        point("unknown>ratings/v1>plain", 9),
        point("spiffe://cluster.local/proxy/edge-1>ratings/v1>locked", 1),
      ],
      10,
    );
    expect(edges).toEqual([
      {
        identity: REVIEWS,
        source: "reviews",
        service: "ratings",
        version: "v1",
        mtls: "permissive",
        traffic: { rps: 1, errorRate: 0.2, p99: 4 },
      },
    ]);
    const drawn = meshFlowEdges(edges, new Set(["svc:reviews", "ver:ratings/v1"]));
    expect(drawn.map((e) => [e.source, e.sourceHandle, e.target, e.type])).toEqual([
      ["svc:reviews", "mesh-out", "ver:ratings/v1", "mesh"],
    ]);
    expect(meshFlowEdges(edges, new Set(["svc:reviews"]))).toEqual([]);
  });
});

describe("mesh edge labels beside the service column", () => {
  // A service frame at (500, 0), 200 × 200, with versions v1 and v2 inside it (positions relative to it).
  const nodes = [
    { id: "svc:reviews", position: { x: 500, y: 0 }, width: 200, height: 200 },
    { id: "ver:reviews/v1", parentId: "svc:reviews", position: { x: 8, y: 40 }, width: 184, height: 30 },
    { id: "ver:reviews/v2", parentId: "svc:reviews", position: { x: 8, y: 76 }, width: 184, height: 30 },
    { id: "svc:productpage", position: { x: 500, y: 300 }, width: 200, height: 80 },
  ];
  const edge = (source: string, target: string) => ({
    id: `${source}->${target}`,
    source,
    target,
    data: { source } as { source: string; label?: MeshLabelPlace },
  });

  it("puts each label right of the box around its version, level with it, joined to the version's right side", () => {
    const [e] = placeMeshLabels([edge("svc:productpage", "ver:reviews/v1")], nodes);
    expect(e!.data.label).toEqual({ x: 716, y: 55, fromX: 692, fromY: 55 });
  });

  it("stacks labels that would overlap in one lane, in the order of their versions; unknown versions keep none", () => {
    const placed = placeMeshLabels(
      [edge("svc:ratings", "ver:reviews/v2"), edge("svc:productpage", "ver:reviews/v1"), edge("svc:x", "ver:gone/v1")],
      nodes,
    );
    const [v2, v1, gone] = placed.map((e) => e.data.label);
    expect(v1!.y).toBe(55);
    expect(v2!.y).toBe(55 + MESH_LABEL_HEIGHT + 6);
    expect(v2!.x).toBe(v1!.x);
    expect(gone).toBeUndefined();
  });
});
