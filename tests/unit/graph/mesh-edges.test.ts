import { describe, expect, it } from "vitest";
import { meshFlowEdges, meshTrafficEdges } from "@/components/graph/mesh-edges.ts";
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
