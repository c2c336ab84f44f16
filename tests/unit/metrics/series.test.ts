import { describe, expect, it } from "vitest";
import { colorFor, pivot, smoothRates, summarize, summarizeRange } from "@/components/metrics/series.ts";
import type { MetricsPoint } from "@/lib/core/index.ts";

/** A second in epoch seconds; the API reports t in milliseconds. */
const S = 1_700_000_000;
const at = (second: number, key: string, rps: number, extra: Partial<MetricsPoint> = {}): MetricsPoint => ({
  t: second * 1000,
  key,
  rps,
  p50: 10,
  p99: 50,
  errorRate: 0,
  ...extra,
});

describe("pivot", () => {
  it("makes one row per second, sorted by time, with a column per key and metric", () => {
    const rows = pivot(
      [
        at(S + 2, "a", 4, { p50: 12, p99: 40, errorRate: 0.25 }),
        at(S, "a", 1),
        at(S, "b", 2, { p50: 7, p99: 9, errorRate: 0 }),
      ],
      ["a", "b"],
      ["rps", "p50", "p99", "errorRate"],
    );
    // S+1 had no traffic at all: it still gets a row of zeros, so the chart's time axis stays even.
    expect(rows.map((r) => r.t)).toEqual([S * 1000, (S + 1) * 1000, (S + 2) * 1000]);
    expect(rows[1]).toEqual({
      t: (S + 1) * 1000,
      "a:rps": 0,
      "a:p50": null,
      "a:p99": null,
      "a:errorRate": 0,
      "b:rps": 0,
      "b:p50": null,
      "b:p99": null,
      "b:errorRate": 0,
    });
    expect(rows[0]).toEqual({
      t: S * 1000,
      "a:rps": 1,
      "a:p50": 10,
      "a:p99": 50,
      "a:errorRate": 0,
      "b:rps": 2,
      "b:p50": 7,
      "b:p99": 9,
      "b:errorRate": 0,
    });
    // b has no point at S+2: its rps and error rate are 0, its latencies are gaps (null), not 0.
    expect(rows[2]).toEqual({
      t: (S + 2) * 1000,
      "a:rps": 4,
      "a:p50": 12,
      "a:p99": 40,
      "a:errorRate": 25,
      "b:rps": 0,
      "b:p50": null,
      "b:p99": null,
      "b:errorRate": 0,
    });
  });

  it("reports the error rate in percent", () => {
    const [row] = pivot([at(S, "a", 10, { errorRate: 0.031 })], ["a"], ["errorRate"]);
    expect(row!["a:errorRate"]).toBeCloseTo(3.1);
  });

  it("has columns for the requested metrics only", () => {
    const rows = pivot([at(S, "a", 3, { p50: 11 }), at(S + 1, "b", 5)], ["a", "b"], ["p50"]);
    expect(rows).toEqual([
      { t: S * 1000, "a:p50": 11, "b:p50": null },
      { t: (S + 1) * 1000, "a:p50": null, "b:p50": 10 },
    ]);
  });

  it("no points, no rows", () => {
    expect(pivot([], ["a"], ["rps"])).toEqual([]);
  });

  it("does not depend on the order of the points", () => {
    const points = [at(S + 1, "b", 5), at(S, "a", 3), at(S + 3, "a", 1, { errorRate: 0.5 }), at(S + 1, "a", 2)];
    const keys = ["a", "b"];
    const reference = pivot(points, keys, ["rps", "p99", "errorRate"]);
    expect(pivot([...points].reverse(), keys, ["rps", "p99", "errorRate"])).toEqual(reference);
    expect(reference).toHaveLength(4); // S..S+3, the idle S+2 included
  });
});

describe("summarize", () => {
  /** Seconds S-10 … S-1 (what the hub returns at S.x: the current second is still filling up). */
  const history = (key: string, f: (k: number) => Partial<MetricsPoint> & { rps: number }) =>
    Array.from({ length: 10 }, (_, i) => {
      const k = 10 - i; // S-k
      const { rps, ...extra } = f(k);
      return at(S - k, key, rps, extra);
    });

  it("averages over the last 5 complete seconds, ignoring older points", () => {
    // rps = k at second S-k, so the last five seconds carry 1..5 and the older ones 6..10.
    const points = history("a", (k) => ({ rps: k, p50: k * 10, p99: k * 100, errorRate: k / 100 }));
    for (const now of [S * 1000, S * 1000 + 500, S * 1000 + 999]) {
      const [a] = summarize(points, ["a"], now);
      expect(a, `now ${now}`).toBeDefined();
      expect(a!.key).toBe("a");
      expect(a!.rps, `now ${now}`).toBeCloseTo(3);
      expect(a!.p50, `now ${now}`).toBeCloseTo(30);
      expect(a!.p99, `now ${now}`).toBeCloseTo(300);
      expect(a!.errorRate, `now ${now}`).toBeCloseTo(3);
    }
  });

  it("honours a custom span", () => {
    const points = history("a", (k) => ({ rps: k }));
    expect(summarize(points, ["a"], S * 1000 + 500, 2)[0]!.rps).toBeCloseTo(1.5);
    expect(summarize(points, ["a"], S * 1000 + 500, 9)[0]!.rps).toBeCloseTo(5);
  });

  it("accepts timestamps in seconds too", () => {
    const points = history("a", (k) => ({ rps: k })).map((p) => ({ ...p, t: p.t / 1000 }));
    expect(summarize(points, ["a"], S)[0]!.rps).toBeCloseTo(3);
  });

  it("a key missing in some of the seconds counts 0 requests there, and averages latency over the seconds it has", () => {
    const points = [
      ...history("a", () => ({ rps: 10 })),
      at(S - 4, "b", 6, { p50: 20, p99: 80, errorRate: 0.1 }),
      at(S - 2, "b", 4, { p50: 40, p99: 120, errorRate: 0.3 }),
      at(S - 8, "b", 1000, { p50: 1000, p99: 1000, errorRate: 1 }), // too old
    ];
    const [a, b] = summarize(points, ["a", "b"], S * 1000 + 500);
    expect(a).toEqual({ key: "a", rps: 10, p50: 10, p99: 50, errorRate: 0 });
    expect(b!.key).toBe("b");
    expect(b!.rps).toBeCloseTo(2); // (6 + 4) over 5 seconds
    expect(b!.p50).toBeCloseTo(30);
    expect(b!.p99).toBeCloseTo(100);
    expect(b!.errorRate).toBeCloseTo(20);
  });

  it("idle seconds count as 0 requests/s: the hub sends no point for them", () => {
    // One busy second, then silence: the 5-second average is 1 request/s, not the busy second's 5.
    const [a] = summarize([at(S - 1, "a", 5)], ["a"], S * 1000 + 500);
    expect(a!.rps).toBeCloseTo(1);
    expect(a!.p50).toBe(10);
  });

  it("a key without recent points has no latency and no traffic; results follow the order of keys", () => {
    const points = [...history("a", () => ({ rps: 2 })), at(S - 9, "gone", 7)];
    expect(summarize(points, ["gone", "a", "never"], S * 1000).map((s) => s.key)).toEqual(["gone", "a", "never"]);
    expect(summarize(points, ["gone", "never"], S * 1000)).toEqual([
      { key: "gone", rps: 0, p50: null, p99: null, errorRate: 0 },
      { key: "never", rps: 0, p50: null, p99: null, errorRate: 0 },
    ]);
    expect(summarize([], ["a"], S * 1000)).toEqual([{ key: "a", rps: 0, p50: null, p99: null, errorRate: 0 }]);
  });
});

describe("colorFor", () => {
  it("gives the first ten keys distinct colours, then wraps; an unknown key gets the first colour", () => {
    const keys = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const colours = keys.map((k) => colorFor(keys, k));
    expect(new Set(colours.slice(0, 10)).size).toBe(10);
    expect(colours[10]).toBe(colours[0]);
    expect(colours[11]).toBe(colours[1]);
    expect(colorFor(keys, "unknown")).toBe(colours[0]);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe("summarizeRange", () => {
  it("averages requests/s since the first point, errors over all requests, latencies weighted by requests", () => {
    const now = 1_800_000_100_000;
    const pt = (t: number, requests: number, p50: number, errorRate: number) => ({
      t,
      key: "r",
      rps: requests / 10,
      requests,
      p50,
      p99: p50 * 2,
      errorRate,
    });
    const [s] = summarizeRange([pt(now - 100_000, 300, 10, 0), pt(now - 50_000, 100, 50, 0.5)], ["r"], now);
    expect(s!.rps).toBe(4);
    expect(s!.p50).toBe(20);
    expect(s!.p99).toBe(40);
    expect(s!.errorRate).toBe(12.5);
  });
});

describe("smoothRates", () => {
  it("draws live requests/s as a trailing mean, so a late report's empty second and doubled next one even out", () => {
    // 10 rps, but the report of S+1 arrived in S+2: per second 10, 0, 20, 10.
    const rows = pivot(
      [at(S, "a", 10, { p50: 3 }), at(S + 2, "a", 20, { p50: 5 }), at(S + 3, "a", 10)],
      ["a"],
      ["rps", "p50"],
    );
    const smooth = smoothRates(rows, ["a"], 3);
    expect(smooth.map((r) => r["a:rps"])).toEqual([10, 5, 10, 10]);
    // Latencies are not averaged: a gap stays a gap.
    expect(smooth.map((r) => r["a:p50"])).toEqual([3, null, 5, 10]);
    // The input rows are left as they were.
    expect(rows.map((r) => r["a:rps"])).toEqual([10, 0, 20, 10]);
  });

  it("keeps per-second values with a width of 1", () => {
    const rows = pivot([at(S, "a", 4), at(S + 1, "a", 0)], ["a"], ["rps"]);
    expect(smoothRates(rows, ["a"], 1).map((r) => r["a:rps"])).toEqual([4, 0]);
  });
});
