import { describe, expect, it } from "vitest";
import { LATENCY_BUCKETS_MS, MetricsBatchSchema } from "../../../lib/core/index.ts";
import { metricKey } from "../../../lib/core/routing/index.ts";
import { renderPrometheus } from "../../../proxy/metrics/prometheus.ts";
import { bucketIndex, DeltaTracker, MetricsRegistry } from "../../../proxy/metrics/registry.ts";

describe("metrics registry", () => {
  it("interns series by (route, cluster)", () => {
    const r = new MetricsRegistry();
    expect(r.get(metricKey("web#0", "web/v1"))).toBe(r.get(metricKey("web#0", "web/v1")));
    expect(r.get(metricKey("web#0", "web/v1"))).toMatchObject({ route: "web#0", cluster: "web/v1" });
  });

  it("buckets latencies by upper bound, with an open last bucket", () => {
    expect(bucketIndex(0.5)).toBe(0);
    expect(bucketIndex(1)).toBe(0);
    expect(bucketIndex(1.01)).toBe(1);
    expect(bucketIndex(99_999)).toBe(LATENCY_BUCKETS_MS.length);
  });

  it("reports deltas per interval and skips idle series; batches match the wire schema", () => {
    const r = new MetricsRegistry();
    const s = r.get(metricKey("web#0", "web/v1"));
    const t = new DeltaTracker();
    s.record(200, 3);
    s.record(503, 30);
    const first = t.collect(r);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      requests: 2,
      status: { "2xx": 1, "3xx": 0, "4xx": 0, "5xx": 1 },
      latencySumMs: 33,
    });
    expect(t.collect(r)).toEqual([]);
    s.record(404, 1);
    const third = t.collect(r);
    expect(third[0]).toMatchObject({ requests: 1, status: { "4xx": 1, "5xx": 0 } });
    expect(third[0]!.latencyCounts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(MetricsBatchSchema.safeParse({ node: "n", at: 1, intervalMs: 1000, series: third }).success).toBe(true);
  });

  it("renders Prometheus text with route/cluster labels and a cumulative histogram", () => {
    const r = new MetricsRegistry();
    const s = r.get(metricKey("web#0", "web/v1"));
    s.record(200, 3);
    s.record(200, 700);
    const text = renderPrometheus(r, [{ name: "signalbox_snapshot_version", help: "v", samples: [{ value: 4 }] }]);
    expect(text).toContain('signalbox_requests_total{route="web#0",cluster="web/v1",status_class="2xx"} 2');
    expect(text).toContain('signalbox_request_duration_ms_bucket{route="web#0",cluster="web/v1",le="5"} 1');
    expect(text).toContain('signalbox_request_duration_ms_bucket{route="web#0",cluster="web/v1",le="1000"} 2');
    expect(text).toContain('signalbox_request_duration_ms_bucket{route="web#0",cluster="web/v1",le="+Inf"} 2');
    expect(text).toContain("signalbox_snapshot_version 4");
  });
});
