import { describe, expect, it } from "vitest";
import { buildRouteTable, cumulativeWeights, metricKey, pickWeighted } from "../../../lib/core/routing/index.ts";
import { cluster, config, rule, vhost } from "../../helpers/snapshot-builder.ts";

describe("pickWeighted", () => {
  it("maps the random number onto cumulative weights", () => {
    const c = cumulativeWeights([80, 20]);
    expect(c).toEqual([80, 100]);
    expect(pickWeighted(c, 0)).toBe(0);
    expect(pickWeighted(c, 0.7999)).toBe(0);
    expect(pickWeighted(c, 0.8)).toBe(1);
    expect(pickWeighted(c, 0.9999)).toBe(1);
  });

  it("never picks zero-weight entries", () => {
    expect(pickWeighted(cumulativeWeights([0, 100]), 0)).toBe(1);
    expect(pickWeighted(cumulativeWeights([100, 0]), 0.99999)).toBe(0);
    expect(pickWeighted(cumulativeWeights([30, 0, 70]), 0.3)).toBe(2);
  });

  it("returns -1 when there is nothing to pick and tolerates r >= 1", () => {
    expect(pickWeighted([], 0.5)).toBe(-1);
    expect(pickWeighted(cumulativeWeights([0, 0]), 0.5)).toBe(-1);
    expect(pickWeighted(cumulativeWeights([50, 50, 0]), 1)).toBe(1);
  });

  it("splits evenly spaced random numbers exactly by weight", () => {
    const c = cumulativeWeights([10, 20, 70]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[pickWeighted(c, i / 1000)]!++;
    expect(counts).toEqual([100, 200, 700]);
  });
});

describe("route table preparation", () => {
  it("prepares cumulative weights, cluster names, metric keys and ordinals", () => {
    const table = buildRouteTable(
      config(
        [
          vhost("a", ["a.test"], [rule("a#0", { "a/v1": 80, "a/v2": 20 }), rule("a#1", { "a/v1": 100 })]),
          vhost("b", ["b.test"], [rule("b#0", { "a/v2": 100 })]),
        ],
        [cluster("a/v1", [{ port: 1 }]), cluster("a/v2", [{ port: 2 }])],
      ),
    );
    const [first, second, third] = table.entries;
    expect(first!.cumulative).toEqual([80, 100]);
    expect(first!.clusters).toEqual(["a/v1", "a/v2"]);
    expect(first!.metricKeys).toEqual([metricKey("a#0", "a/v1"), metricKey("a#0", "a/v2"), metricKey("a#0", "-")]);
    expect([first!.ordinal, second!.ordinal, third!.ordinal]).toEqual([0, 1, 2]);
    expect(table.usesQuery).toBe(false);
  });
});
