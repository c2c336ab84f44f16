import { describe, expect, it } from "vitest";
import { checkSnapshotConsistency, CONSISTENCY_CODES } from "../../../lib/core/snapshot/consistency.ts";
import { cluster, config, rule, vhost } from "../../helpers/snapshot-builder.ts";

const clusters = [cluster("a/v1", [{ port: 1 }]), cluster("a/v2", [{ port: 2 }])];
const codes = (c: ReturnType<typeof config>) => checkSnapshotConsistency(c).map((i) => i.code);

describe("checkSnapshotConsistency", () => {
  it("accepts a consistent snapshot", () => {
    expect(
      checkSnapshotConsistency(config([vhost("a", ["a.test"], [rule("a#0", { "a/v1": 80, "a/v2": 20 })])], clusters)),
    ).toEqual([]);
  });

  it("reports unknown destination and mirror clusters with their path", () => {
    const issues = checkSnapshotConsistency(
      config(
        [vhost("a", ["a.test"], [rule("a#0", { "a/v9": 100 }, { mirror: { cluster: "b/v1", percent: 10 } })])],
        clusters,
      ),
    );
    expect(issues.map((i) => i.code)).toEqual([
      CONSISTENCY_CODES.unknownCluster,
      CONSISTENCY_CODES.unknownMirrorCluster,
    ]);
    expect(issues[0]!.path).toEqual(["virtualHosts", 0, "rules", 0, "destinations", 0, "cluster"]);
  });

  it("requires weights to sum to 100", () => {
    expect(codes(config([vhost("a", ["a.test"], [rule("a#0", { "a/v1": 60, "a/v2": 60 })])], clusters))).toEqual([
      CONSISTENCY_CODES.weightSum,
    ]);
  });

  it("requires destinations, a redirect or a direct response", () => {
    expect(codes(config([vhost("a", ["a.test"], [rule("a#0", {})])], clusters))).toEqual([CONSISTENCY_CODES.noAction]);
    expect(
      codes(
        config([vhost("a", ["a.test"], [rule("a#0", {}, { directResponse: { status: 200, body: "" } })])], clusters),
      ),
    ).toEqual([]);
  });

  it("reports regexes that do not compile", () => {
    const matches = [
      {
        uri: { type: "regex" as const, value: "(" },
        methods: [],
        headers: [{ name: "x", type: "regex" as const, value: "[" }],
        queryParams: [],
      },
    ];
    const issues = checkSnapshotConsistency(
      config([vhost("a", ["a.test"], [rule("a#0", { "a/v1": 100 }, { matches })])], clusters),
    );
    expect(issues.map((i) => i.code)).toEqual([CONSISTENCY_CODES.badRegex, CONSISTENCY_CODES.badRegex]);
    expect(issues[1]!.path).toEqual(["virtualHosts", 0, "rules", 0, "matches", 0, "headers", 0, "value"]);
  });

  it("reports duplicate clusters and virtual hosts", () => {
    const c = config(
      [vhost("a", ["a.test"], [rule("a#0", { "a/v1": 100 })]), vhost("a", ["b.test"], [rule("a#0", { "a/v1": 100 })])],
      [...clusters, clusters[0]!],
    );
    expect(codes(c)).toEqual([CONSISTENCY_CODES.duplicateCluster, CONSISTENCY_CODES.duplicateVirtualHost]);
  });

  it("reports a domain claimed twice on the same gateway, not across different ones", () => {
    const r = [rule("x#0", { "a/v1": 100 })];
    expect(codes(config([vhost("a", ["x.test"], r), vhost("b", ["X.test"], r)], clusters))).toEqual([
      CONSISTENCY_CODES.duplicateDomain,
    ]);
    expect(
      codes(config([vhost("a", ["x.test"], r, ["edge"]), vhost("b", ["x.test"], r, ["edge", "other"])], clusters)),
    ).toEqual([CONSISTENCY_CODES.duplicateDomain]);
    expect(
      codes(
        config(
          [vhost("a", ["x.test"], r, ["edge"]), vhost("b", ["x.test"], r, ["other"]), vhost("c", ["x.test"], r)],
          clusters,
        ),
      ),
    ).toEqual([]);
  });
});
