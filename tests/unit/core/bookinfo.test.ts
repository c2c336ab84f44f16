import { describe, expect, it } from "vitest";
import { bookinfoMesh, bookinfoSidecars, bookinfoUpstreams } from "@/lib/core/demo/bookinfo.ts";
import { compileMtls } from "@/lib/core/compile/peer-authentication.ts";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";

describe("bookinfo demo", () => {
  it("has a fixed port map from the base port", () => {
    expect(bookinfoUpstreams()).toEqual([
      { service: "productpage", version: "v1", port: 19100 },
      { service: "details", version: "v1", port: 19101 },
      { service: "ratings", version: "v1", port: 19102 },
      { service: "reviews", version: "v1", port: 19103 },
      { service: "reviews", version: "v2", port: 19104 },
      { service: "reviews", version: "v3", port: 19105 },
    ]);
    expect(bookinfoUpstreams(20000).map((u) => u.port)).toEqual([20000, 20001, 20002, 20003, 20004, 20005]);
  });

  it("uses the port map and host for its endpoints", () => {
    const mesh = bookinfoMesh({ host: "10.1.2.3", basePort: 30000 });
    const eps = mesh.services.flatMap((s) =>
      s.versions.map((v) => `${s.name}/${v.name}=${v.endpoints.map((e) => `${e.address}:${e.port}`).join()}`),
    );
    expect(eps).toEqual([
      "productpage/v1=10.1.2.3:30000",
      "details/v1=10.1.2.3:30001",
      "ratings/v1=10.1.2.3:30002",
      "reviews/v1=10.1.2.3:30003",
      "reviews/v2=10.1.2.3:30004",
      "reviews/v3=10.1.2.3:30005",
    ]);
  });

  it("is a valid mesh with zero issues, reviews split 80/20, the rest 100% v1", () => {
    const mesh = bookinfoMesh();
    expect(MeshConfigSchema.parse(mesh)).toEqual(mesh);
    expect(validateMesh(mesh)).toEqual([]);
    const splits = Object.fromEntries(
      mesh.routes.map((r) => [r.name, r.rules[0]!.destinations.map((d) => `${d.version}:${d.weight}`).join(" ")]),
    );
    expect(splits).toEqual({ productpage: "v1:100", details: "v1:100", ratings: "v1:100", reviews: "v1:80 v2:20" });
    expect(mesh.routes.map((r) => [r.hosts, r.gateways])).toEqual([
      [["productpage.demo"], []],
      [["details.demo"], []],
      [["ratings.demo"], []],
      [["reviews.demo"], []],
    ]);
    expect(mesh.gateways).toEqual([
      { name: "edge", listeners: [{ name: "http", port: 8080, protocol: "HTTP", hosts: ["*"] }] },
    ]);
  });

  it("mesh demo: the call path behind sidecars (endpoints at their inbound ports), the namespace STRICT, the others DISABLE", () => {
    const mesh = bookinfoMesh({ basePort: 30000, sidecars: true });
    expect(MeshConfigSchema.parse(mesh)).toEqual(mesh);
    expect(validateMesh(mesh)).toEqual([]);
    // The access policy the demo shows: ratings read-only (a DENY of every method but GET and HEAD).
    expect(mesh.authorizationPolicies.map((p) => `${p.namespace}/${p.name} ${p.action}`)).toEqual([
      "default/ratings-read-only DENY",
    ]);
    expect(bookinfoMesh({ basePort: 30000 }).authorizationPolicies).toEqual([]);
    expect(
      bookinfoSidecars(30000).map((s) => `${s.service}/${s.version} ${s.port}>${s.inboundPort}/${s.outboundPort}`),
    ).toEqual([
      "productpage/v1 30000>30040/30060",
      "ratings/v1 30002>30042/30062",
      "reviews/v2 30004>30044/30064",
      "reviews/v3 30005>30045/30065",
    ]);
    const ports = mesh.services.flatMap((s) => s.versions.map((v) => `${s.name}/${v.name}:${v.endpoints[0]!.port}`));
    expect(ports).toEqual([
      "productpage/v1:30040",
      "details/v1:30001",
      "ratings/v1:30042",
      "reviews/v1:30003",
      "reviews/v2:30044",
      "reviews/v3:30045",
    ]);
    const modes = Object.fromEntries(compileMtls(mesh).map((m) => [m.cluster, m.mode]));
    expect(modes).toEqual({
      "details/v1": "DISABLE",
      "productpage/v1": "STRICT",
      "ratings/v1": "STRICT",
      "reviews/v1": "DISABLE",
      "reviews/v2": "STRICT",
      "reviews/v3": "STRICT",
    });
  });
});
