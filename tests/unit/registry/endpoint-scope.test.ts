import { describe, expect, it } from "vitest";
import { proxyClusterScope, scopeEndpoints } from "@/lib/core/index.ts";
import { cluster, config, rule, vhost } from "../../helpers/snapshot-builder.ts";

const cfg = config(
  [
    vhost("mesh-reviews", ["reviews"], [rule("reviews#0", { "reviews/v1": 90, "reviews/v2": 10 })]),
    vhost(
      "edge-shop",
      ["shop.example"],
      [rule("shop#0", { "productpage/v1": 100 }, { mirror: { cluster: "productpage/v2", percent: 5 } })],
      ["edge"],
    ),
    vhost("admin", ["admin.example"], [rule("admin#0", { "admin/v1": 100 })], ["internal"]),
  ],
  ["reviews/v1", "reviews/v2", "productpage/v1", "productpage/v2", "admin/v1", "unused/v1"].map((n) => cluster(n, [])),
);

describe("a proxy's endpoint scope", () => {
  it("is the clusters of the virtual hosts it serves: its gateway's and the unbound ones, mirrors included", () => {
    expect(proxyClusterScope(cfg, "edge")).toEqual(["productpage/v1", "productpage/v2", "reviews/v1", "reviews/v2"]);
    expect(proxyClusterScope(cfg, "internal")).toEqual(["admin/v1", "reviews/v1", "reviews/v2"]);
    expect(proxyClusterScope(cfg, undefined)).toEqual(["reviews/v1", "reviews/v2"]);
  });

  it("cuts the registry's endpoints to the scope, leaving out clusters with none", () => {
    const ep = { address: "10.0.0.1", port: 9080, weight: 1 };
    const all = { "reviews/v1": [ep], "admin/v1": [ep], "unused/v1": [ep] };
    expect(scopeEndpoints(all, ["reviews/v1", "reviews/v2"])).toEqual({ "reviews/v1": [ep] });
    expect(scopeEndpoints(all, [])).toEqual({});
  });
});
