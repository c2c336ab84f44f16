import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { exportIstio } from "@/lib/core/yaml/index.ts";
import { MESH_CORPUS } from "../../fixtures/meshes/index.ts";
import { shuffleMesh } from "../core/shuffle.ts";
import { validateObject } from "./schemas.ts";

const docs = (text: string) =>
  parseAllDocuments(text).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string } });

describe("exportIstio", () => {
  for (const [name, make] of Object.entries(MESH_CORPUS)) {
    it(`${name}: every document validates against the strict Istio schema`, () => {
      const all = docs(exportIstio(make()));
      expect(all.length).toBeGreaterThan(0);
      for (const d of all) expect(validateObject(d), `${d.kind} ${d.metadata.name}`).toEqual({ ok: true, errors: [] });
    });

    it(`${name}: is deterministic over shuffled input`, () => {
      const ref = exportIstio(make());
      for (const seed of [1, 7, 99]) expect(exportIstio(shuffleMesh(make(), seed))).toBe(ref);
    });
  }

  it("writes the version header and namespace, documents in a fixed kind order", () => {
    const text = exportIstio(bookinfoMesh(), { version: 12, hash: "ab".repeat(32), namespace: "demo" });
    expect(text.split("\n")[0]).toBe(`# Signalbox config version 12, sha256 ${"ab".repeat(32)}`);
    const all = docs(text);
    expect(all.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      "Gateway/edge",
      "ServiceEntry/details",
      "ServiceEntry/productpage",
      "ServiceEntry/ratings",
      "ServiceEntry/reviews",
      "DestinationRule/details",
      "DestinationRule/productpage",
      "DestinationRule/ratings",
      "DestinationRule/reviews",
      "VirtualService/details",
      "VirtualService/productpage",
      "VirtualService/ratings",
      "VirtualService/reviews",
    ]);
    expect(all.every((d) => (d.metadata as { namespace?: string }).namespace === "demo")).toBe(true);
  });

  it("maps the reviews split to subsets with weights", () => {
    const vs = docs(exportIstio(bookinfoMesh())).find(
      (d) => d.kind === "VirtualService" && d.metadata.name === "reviews",
    ) as unknown as { spec: unknown };
    expect(vs.spec).toEqual({
      hosts: ["reviews.demo"],
      http: [
        {
          route: [
            { destination: { host: "reviews.demo.svc.cluster.local", subset: "v1" }, weight: 80 },
            { destination: { host: "reviews.demo.svc.cluster.local", subset: "v2" }, weight: 20 },
          ],
        },
      ],
    });
  });
});
