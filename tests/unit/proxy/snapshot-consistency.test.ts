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

  describe("virtual hosts bound to listener ports", () => {
    const listeners = [80, 8080].map((port) => ({
      name: `l${port}`,
      port,
      protocol: "HTTP" as const,
      hosts: ["*"],
      gateway: "edge",
    }));
    const bound = (name: string, ports: number[]) => ({
      ...vhost(name, ["shop.test"], [rule(`${name}#0`, { "a/v1": 100 })], ["edge"]),
      ports,
    });
    const withListeners = (vhosts: ReturnType<typeof vhost>[]) => ({ ...config(vhosts, clusters), listeners });

    it("lets one domain be served by different virtual hosts on different ports of a gateway", () => {
      expect(checkSnapshotConsistency(withListeners([bound("p80", [80]), bound("p8080", [8080])]))).toEqual([]);
    });

    it("refuses two owners of a domain on one port, or a bound one beside one serving every port", () => {
      const twice = checkSnapshotConsistency(withListeners([bound("p80", [80]), bound("also80", [8080, 80])]));
      expect(twice.map((i) => [i.code, i.path])).toEqual([
        [CONSISTENCY_CODES.duplicateDomain, ["virtualHosts", 1, "domains", 0]],
      ]);
      const everyPort = vhost("all", ["shop.test"], [rule("all#0", { "a/v1": 100 })], ["edge"]);
      expect(codes(withListeners([everyPort, bound("p80", [80])]))).toEqual([CONSISTENCY_CODES.duplicateDomain]);
      expect(codes(withListeners([bound("p80", [80]), everyPort]))).toEqual([CONSISTENCY_CODES.duplicateDomain]);
    });

    it("refuses a port no listener of the gateway has", () => {
      const issues = checkSnapshotConsistency(withListeners([bound("p81", [81])]));
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        [CONSISTENCY_CODES.unknownListenerPort, ["virtualHosts", 0, "ports", 0]],
      ]);
      expect(issues[0]!.message).toContain("port 81");
    });
  });
});
