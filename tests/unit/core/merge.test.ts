import { describe, expect, it } from "vitest";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { mergeMesh } from "@/lib/core/select/merge.ts";
import { emptyMesh } from "@/lib/core/model/index.ts";
import { importIstio } from "@/lib/core/yaml/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { readFileSync } from "node:fs";

const sample = (name: string) =>
  readFileSync(`${import.meta.dirname}/../../../../shared/reference/istio/samples/bookinfo/networking/${name}`, "utf8");

describe("mergeMesh (import merge mode)", () => {
  it("applies the reviews-v3 VirtualService without dropping the registry's versions or endpoints", () => {
    const base = bookinfoMesh();
    const { mesh: imported } = importIstio(sample("virtual-service-reviews-v3.yaml"));
    const merged = mergeMesh(base, imported);
    const reviews = merged.services.find((s) => s.name === "reviews")!;
    expect(reviews.host).toBe("reviews.demo.svc.cluster.local");
    expect(reviews.versions.map((v) => [v.name, v.endpoints.length])).toEqual([
      ["v1", 1],
      ["v2", 1],
      ["v3", 1],
    ]);
    // The VirtualService only names subset v3: the registry's labels for it stay.
    expect(reviews.versions.find((v) => v.name === "v3")!.labels).toEqual({ app: "reviews", version: "v3" });
    const route = merged.routes.find((r) => r.name === "reviews")!;
    expect(route.rules[0]!.destinations).toEqual([{ service: "reviews", version: "v3", weight: 100 }]);
    expect(route.hosts).toEqual(["reviews.demo", "reviews"]);
    expect(validateMesh(merged).filter((i) => i.severity === "error")).toEqual([]);
  });

  it("takes a DestinationRule's subset labels over the registry's", () => {
    const base = bookinfoMesh();
    const { mesh: imported } = importIstio(sample("destination-rule-reviews.yaml"));
    const merged = mergeMesh(base, imported);
    const v1 = merged.services.find((s) => s.name === "reviews")!.versions.find((v) => v.name === "v1")!;
    expect(v1.labels).toEqual(
      imported.services.find((s) => s.name === "reviews")!.versions.find((v) => v.name === "v1")!.labels,
    );
    expect(v1.labels).toEqual({ version: "v1" });
  });

  it("keeps everything the import does not mention", () => {
    const base = bookinfoMesh();
    const merged = mergeMesh(base, emptyMesh());
    expect(merged).toEqual(base);
  });
});
