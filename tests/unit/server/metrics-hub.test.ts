import { describe, expect, it } from "vitest";
import { LATENCY_BUCKETS_MS, type MetricSeries } from "@/lib/core/index.ts";
import { metricsHub } from "@/lib/server/metrics/hub.ts";

function series(route: string, cluster: string, requests: number, errors: number, bucket: number): MetricSeries {
  const latencyCounts = new Array(LATENCY_BUCKETS_MS.length + 1).fill(0);
  latencyCounts[bucket] = requests;
  return {
    route,
    cluster,
    requests,
    status: { "2xx": requests - errors, "3xx": 0, "4xx": 0, "5xx": errors },
    latencyCounts,
    latencySumMs: requests,
  };
}

describe("metrics hub", () => {
  it("sums access-policy denials by policy over the window", () => {
    const t0 = 1_710_000_000_000;
    const deny = { policy: "default/no-admin", action: "DENY" as const, outcome: "denied" as const };
    metricsHub.ingest({ node: "a", at: t0, intervalMs: 1000, series: [], authz: [{ ...deny, count: 2 }] }, t0);
    metricsHub.ingest(
      {
        node: "b",
        at: t0,
        intervalMs: 1000,
        series: [],
        authz: [
          { ...deny, count: 3 },
          { policy: "-", action: "ALLOW", outcome: "denied", count: 1 },
        ],
      },
      t0 + 1000,
    );
    expect(metricsHub.query(10, "route", t0 + 3000).authz).toEqual([
      { policy: "-", action: "ALLOW", outcome: "denied", count: 1 },
      { ...deny, count: 5 },
    ]);
    expect(metricsHub.query(10, "route", t0 + 60_000).authz).toEqual([]);
  });

  it("sums gRPC calls by series and grpc-status over the window", () => {
    const t0 = 1_720_000_000_000;
    const grpc = (statuses: Record<string, number>) => ({
      ...series("hub-grpc#0", "grpc/v1", 5, 0, 2),
      grpcStatus: statuses,
    });
    metricsHub.ingest({ node: "a", at: t0, intervalMs: 1000, series: [grpc({ "0": 3, "14": 2 })] }, t0);
    metricsHub.ingest({ node: "b", at: t0, intervalMs: 1000, series: [grpc({ "0": 4, "4": 1 })] }, t0 + 1000);
    expect(metricsHub.query(10, "version", t0 + 3000).grpc).toEqual([
      { key: "grpc/v1", code: 0, count: 7 },
      { key: "grpc/v1", code: 4, count: 1 },
      { key: "grpc/v1", code: 14, count: 2 },
    ]);
    expect(metricsHub.query(10, "route", t0 + 3000).grpc.filter((g) => g.key === "hub-grpc")).toHaveLength(3);
    expect(metricsHub.query(10, "route", t0 + 60_000).grpc).toEqual([]);
  });

  it("aggregates rules per route and per version per second, with quantiles and error rate", () => {
    const t0 = 1_700_000_000_000;
    metricsHub.ingest(
      {
        node: "a",
        at: t0,
        intervalMs: 1000,
        series: [series("hub-reviews#0", "hub/v1", 80, 8, 3), series("hub-reviews#jason", "hub/v2", 20, 0, 6)],
      },
      t0,
    );
    metricsHub.ingest(
      { node: "b", at: t0, intervalMs: 1000, series: [series("hub-reviews", "hub/v1", 20, 2, 3)] },
      t0 + 500,
    );
    const byRoute = metricsHub.query(10, "route", t0 + 2000).points.filter((p) => p.key === "hub-reviews");
    expect(byRoute).toHaveLength(1);
    expect(byRoute[0]).toMatchObject({ t: t0, rps: 120, errorRate: 0.083 });
    // 100 of 120 samples sit in the (5, 10] ms bucket, so the median is inside it.
    expect(byRoute[0]!.p50).toBeGreaterThan(5);
    expect(byRoute[0]!.p50).toBeLessThanOrEqual(10);
    // the slowest 20 sit in (50, 100]: p99 is there.
    expect(byRoute[0]!.p99).toBeGreaterThan(50);
    const byVersion = metricsHub.query(10, "version", t0 + 2000);
    expect(
      byVersion.points
        .filter((p) => p.key.startsWith("hub/"))
        .map((p) => [p.key, p.rps])
        .sort(),
    ).toEqual([
      ["hub/v1", 100],
      ["hub/v2", 20],
    ]);
    const byEdge = metricsHub.query(10, "edge", t0 + 2000);
    expect(
      byEdge.points
        .filter((p) => p.key.startsWith("hub-reviews>"))
        .map((p) => [p.key, p.rps, p.errorRate])
        .sort(),
    ).toEqual([
      ["hub-reviews>hub/v1", 100, 0.1],
      ["hub-reviews>hub/v2", 20, 0],
    ]);
  });

  it("leaves out the second that is still filling up", () => {
    const t0 = 1_800_000_000_000;
    metricsHub.ingest({ node: "a", at: t0, intervalMs: 1000, series: [series("hub-now", "hub/v1", 5, 0, 0)] }, t0);
    expect(metricsHub.query(10, "route", t0 + 100).points.filter((p) => p.key === "hub-now")).toHaveLength(0);
    expect(metricsHub.query(10, "route", t0 + 1000).points.filter((p) => p.key === "hub-now")).toHaveLength(1);
  });

  it("keeps at most maxKeys series keys per second and counts the ones it drops (its memory bound)", () => {
    const t0 = 1_700_000_100_000;
    const before = metricsHub.droppedKeys;
    const many = Array.from({ length: 6 }, (_, i) => series(`cap-${i}#0`, `cap/v${i}`, 1, 0, 0));
    // 6 routes + 6 rules + 6 versions + 1 proxy + 6 edges = 25 keys; 8 fit.
    metricsHub.ingest({ node: "cap", at: t0, intervalMs: 1000, series: many }, t0, 8);
    const kept = (["route", "rule", "version", "proxy", "edge"] as const).flatMap((g) =>
      metricsHub.query(10, g, t0 + 2000).keys.filter((k) => k.startsWith("cap")),
    );
    expect(kept).toHaveLength(8);
    expect(metricsHub.droppedKeys - before).toBe(17);
  });
});
