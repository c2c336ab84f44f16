import fc from "fast-check";
import { parseServiceEdgeKey } from "@/lib/core/api/metrics.ts";
import { describe, expect, it } from "vitest";
import { histogramQuantile, LATENCY_BUCKETS_MS, type MetricSeries } from "../../../lib/core/index.ts";
import {
  addSeries,
  bucketStart,
  emptyCell,
  mergeInto,
  pointOf,
  renderExposition,
  seriesKeys,
  type RollupCell,
} from "../../../lib/core/metrics/index.ts";

const BUCKETS = LATENCY_BUCKETS_MS.length + 1;
const cellArb = fc.record({
  requests: fc.nat(1000),
  errors: fc.nat(1000),
  latencySumMs: fc.nat(100_000),
  latency: fc.array(fc.nat(1000), { minLength: BUCKETS, maxLength: BUCKETS }),
});
const copy = (c: RollupCell): RollupCell => ({ ...c, latency: [...c.latency] });

describe("rollup cells", () => {
  it("merge by addition: associative and commutative, histogram bucket by bucket", () => {
    fc.assert(
      fc.property(cellArb, cellArb, cellArb, (a, b, c) => {
        const ab_c = mergeInto(mergeInto(mergeInto(emptyCell(), a), b), c);
        const c_ba = mergeInto(mergeInto(mergeInto(emptyCell(), c), b), a);
        expect(ab_c).toEqual(c_ba);
        expect(ab_c.requests).toBe(a.requests + b.requests + c.requests);
        ab_c.latency.forEach((n, i) => expect(n).toBe(a.latency[i]! + b.latency[i]! + c.latency[i]!));
      }),
    );
  });

  it("quantiles of merged histograms are the quantiles of all the samples, not an average of quantiles", () => {
    // Two consoles: one saw 90 fast requests (≤ 1 ms), the other 10 slow ones (≤ 1000 ms, bucket 9).
    const fast = emptyCell();
    fast.requests = 90;
    fast.latency[0] = 90;
    const slow = emptyCell();
    slow.requests = 10;
    slow.latency[LATENCY_BUCKETS_MS.indexOf(1000)] = 10;
    const merged = mergeInto(copy(fast), slow);
    const p = pointOf(0, "k", merged, 10);
    // p50 falls in the fast bucket, p95 and p99 in the slow one (500..1000 ms).
    expect(p.p50).toBeLessThanOrEqual(1);
    expect(p.p95).toBeGreaterThan(500);
    expect(p.p99).toBeGreaterThan(p.p95!);
    expect(p.p99).toBeLessThanOrEqual(1000);
    // Averaging the two consoles' p99 would say ~500 ms: the merge must not.
    const avgOfP99 = (histogramQuantile(fast.latency, 0.99) + histogramQuantile(slow.latency, 0.99)) / 2;
    expect(p.p99).not.toBeCloseTo(avgOfP99, 0);
    expect(p.rps).toBe(10);
    expect(p.requests).toBe(100);
  });

  it("10 s cells summed into a minute give the minute's quantiles", () => {
    fc.assert(
      fc.property(fc.array(cellArb, { minLength: 6, maxLength: 6 }), (tens) => {
        const minute = tens.reduce((m, c) => mergeInto(m, c), emptyCell());
        const all = new Array<number>(BUCKETS).fill(0);
        for (const c of tens) c.latency.forEach((n, i) => (all[i]! += n));
        expect(pointOf(0, "k", minute, 60).p99).toBe(pointOf(0, "k", { ...minute, latency: all }, 60).p99);
      }),
    );
  });

  it("a sidecar inbound's series counts toward its service-to-service edge only", () => {
    const source = "spiffe://mesh.test/ns/default/sa/reviews";
    expect(seriesKeys({ route: "-", cluster: "ratings/v1", source, mtls: "locked" }, "ratings-sidecar")).toEqual([
      ["service-edge", `${source}>ratings/v1>locked`],
    ]);
    expect(parseServiceEdgeKey(`${source}>ratings/v1>locked`)).toEqual({
      source,
      cluster: "ratings/v1",
      mtls: "locked",
    });
    expect(parseServiceEdgeKey("reviews>reviews/v2")).toBeNull();
  });

  it("a series counts toward its route, rule, version, proxy and edge", () => {
    expect(seriesKeys({ route: "reviews#0", cluster: "reviews/v2" }, "edge-1")).toEqual([
      ["route", "reviews"],
      ["rule", "reviews#0"],
      ["version", "reviews/v2"],
      ["proxy", "edge-1"],
      ["edge", "reviews>reviews/v2"],
    ]);
    const s: MetricSeries = {
      route: "r#1",
      cluster: "-",
      requests: 3,
      status: { "2xx": 1, "3xx": 0, "4xx": 0, "5xx": 2 },
      latencyCounts: [1, 2, ...new Array<number>(BUCKETS - 2).fill(0)],
      latencySumMs: 4,
    };
    expect(addSeries(emptyCell(), s)).toMatchObject({ requests: 3, errors: 2, latencySumMs: 4 });
    expect(bucketStart(1_700_000_017, 10)).toBe(1_700_000_010);
    expect(bucketStart(1_700_000_017, 60)).toBe(1_699_999_980);
  });
});

describe("Prometheus exposition", () => {
  it("escapes label values and help, writes cumulative buckets ending in +Inf equal to _count", () => {
    const text = renderExposition([
      {
        name: "x_total",
        help: 'Back\\slash and\nnewline "quoted"',
        type: "counter",
        samples: [{ labels: { route: 'a"b\\c\nd' }, value: 3 }],
      },
      {
        name: "lat_ms",
        help: "Latency.",
        type: "histogram",
        bounds: [1, 5],
        samples: [{ labels: { route: "r" }, counts: [2, 0, 3], sum: 40.5 }],
      },
      { name: "up", help: "Up.", type: "gauge", samples: [{ value: Number.NaN }] },
    ]);
    expect(text.split("\n")).toEqual([
      '# HELP x_total Back\\\\slash and\\nnewline "quoted"',
      "# TYPE x_total counter",
      'x_total{route="a\\"b\\\\c\\nd"} 3',
      "# HELP lat_ms Latency.",
      "# TYPE lat_ms histogram",
      'lat_ms_bucket{route="r",le="1"} 2',
      'lat_ms_bucket{route="r",le="5"} 2',
      'lat_ms_bucket{route="r",le="+Inf"} 5',
      'lat_ms_sum{route="r"} 40.5',
      'lat_ms_count{route="r"} 5',
      "# HELP up Up.",
      "# TYPE up gauge",
      "up NaN",
      "",
    ]);
  });
});
