import { describe, expect, it } from "vitest";
import { metricNamesOf, unknownMetricNames } from "../../../lib/core/index.ts";

const v1 = metricNamesOf({
  virtualHosts: [{ rules: [{ id: "reviews#0" }, { id: "reviews#canary" }] }],
  clusters: [{ name: "reviews/v1" }, { name: "reviews/v2" }],
});
const v2 = metricNamesOf({ virtualHosts: [{ rules: [{ id: "ratings#0" }] }], clusters: [{ name: "ratings/v1" }] });

describe("metric names a snapshot allows", () => {
  it("are its rule ids and cluster names, and '-' for no route or no cluster", () => {
    expect([...v1.routes].sort()).toEqual(["-", "reviews#0", "reviews#canary"]);
    expect([...v1.clusters].sort()).toEqual(["-", "reviews/v1", "reviews/v2"]);
  });

  it("name every field that no allowed snapshot knows, by its path", () => {
    const series = [
      { route: "reviews#0", cluster: "reviews/v2" },
      { route: "invented#0", cluster: "reviews/v1" },
      { route: "-", cluster: "invented/v9" },
      { route: "ratings#0", cluster: "ratings/v1" },
    ];
    expect(unknownMetricNames(series, [v1]).map((i) => i.path)).toEqual([
      ["series", 1, "route"],
      ["series", 2, "cluster"],
      ["series", 3, "route"],
      ["series", 3, "cluster"],
    ]);
    // A node between two versions may report for either.
    expect(unknownMetricNames(series, [v1, v2]).map((i) => i.path)).toEqual([
      ["series", 1, "route"],
      ["series", 2, "cluster"],
    ]);
  });

  it("stop at the limit", () => {
    const many = Array.from({ length: 50 }, () => ({ route: "x", cluster: "y" }));
    expect(unknownMetricNames(many, [v1], 5)).toHaveLength(5);
  });
});
