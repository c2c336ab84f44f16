import { describe, expect, it } from "vitest";
import { buildSnapshot, compileMesh } from "@/lib/core/compile/index.ts";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { canonicalJson } from "@/lib/core/snapshot/canonical-json.ts";
import { SnapshotSchema } from "@/lib/core/snapshot/schema.ts";
import { GOLDEN_HASHES } from "../../fixtures/meshes/golden-hashes.ts";
import { MESH_CORPUS } from "../../fixtures/meshes/index.ts";
import { shuffleMesh } from "./shuffle.ts";

const SEEDS = [1, 2, 3, 42, 1234, 99991];

describe("compileMesh determinism", () => {
  for (const [name, make] of Object.entries(MESH_CORPUS)) {
    it(`${name}: shuffled input compiles to byte-identical canonical JSON`, () => {
      const reference = canonicalJson(compileMesh(make()));
      for (const seed of SEEDS)
        expect(canonicalJson(compileMesh(shuffleMesh(make(), seed))), `seed ${seed}`).toBe(reference);
    });

    it(`${name}: hash is pinned`, () => {
      expect(buildSnapshot(make(), 7).hash).toBe(GOLDEN_HASHES[name]);
    });
  }

  it("the shuffles really reorder the input", () => {
    const a = canonicalJson(MESH_CORPUS["full-features"]!());
    expect(SEEDS.some((s) => canonicalJson(shuffleMesh(MESH_CORPUS["full-features"]!(), s)) !== a)).toBe(true);
  });

  it("rule order carries meaning: swapping rules changes the hash", () => {
    const m = MESH_CORPUS["full-features"]!();
    const swapped = structuredClone(m);
    const rules = swapped.routes[0]!.rules;
    [rules[1], rules[2]] = [rules[2]!, rules[1]!];
    expect(buildSnapshot(swapped, 1).hash).not.toBe(buildSnapshot(m, 1).hash);
  });
});

describe("compileMesh output", () => {
  const config = compileMesh(bookinfoMesh());

  it("makes one cluster per version, sorted by name", () => {
    expect(config.clusters.map((c) => c.name)).toEqual([
      "details/v1",
      "productpage/v1",
      "ratings/v1",
      "reviews/v1",
      "reviews/v2",
      "reviews/v3",
    ]);
    expect(config.clusters[3]).toEqual({
      name: "reviews/v1",
      service: "reviews",
      version: "v1",
      host: "reviews.demo.svc.cluster.local",
      endpoints: [{ address: "127.0.0.1", port: 19103, weight: 1 }],
      trafficPolicy: undefined,
    });
  });

  it("makes one virtual host per binding and host, with rule ids, source routes and weighted clusters", () => {
    const reviews = config.virtualHosts.find((v) => v.name === "reviews.demo")!;
    expect(reviews.rules[0]!.route).toBe("reviews");
    expect(reviews.domains).toEqual(["reviews.demo"]);
    expect(reviews.gateways).toEqual([]);
    expect(reviews.rules[0]!.id).toBe("reviews#0");
    expect(reviews.rules[0]!.destinations).toEqual([
      { cluster: "reviews/v1", weight: 80 },
      { cluster: "reviews/v2", weight: 20 },
    ]);
  });

  it("lists listeners with their gateway", () => {
    expect(config.listeners).toEqual([{ name: "http", port: 8080, protocol: "HTTP", hosts: ["*"], gateway: "edge" }]);
  });

  it("keeps weight-0 destinations and names rules by name when they have one", () => {
    const vh = compileMesh(MESH_CORPUS["full-features"]!()).virtualHosts.find(
      (v) => v.name === "public/shop.example.com",
    )!;
    expect(vh.rules.map((r) => r.id)).toEqual([
      "shop#beta-users",
      "shop#old-path",
      "shop#teapot",
      "shop#pay",
      "shop#4",
    ]);
    expect(vh.rules[4]!.destinations).toEqual([
      { cluster: "shop/canary", weight: 0 },
      { cluster: "shop/v1", weight: 100 },
    ]);
    expect(vh.rules[0]!.mirror).toEqual({ cluster: "audit/v1", percent: 25 });
  });

  it("builds a snapshot that passes the wire schema; the version is not part of the hash", () => {
    const a = buildSnapshot(bookinfoMesh(), 1);
    const b = buildSnapshot(bookinfoMesh(), 2);
    expect(SnapshotSchema.safeParse(a).success).toBe(true);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
