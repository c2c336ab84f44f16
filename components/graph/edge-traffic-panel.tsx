"use client";
import { useMemo } from "react";
import { useMetrics } from "@/lib/client/hooks/use-metrics.ts";
import { MetricChart } from "@/components/metrics/metric-chart.tsx";
import { pivot, smoothRates } from "@/components/metrics/series.ts";
import { healthOf, trafficByKey, trafficLine } from "./traffic.ts";
import { edgeTrafficKey, TRAFFIC_REFRESH_MS } from "./traffic-store.tsx";
import { useTopologyView, type EdgeRef } from "./topology-view.tsx";

/** A clicked route → version edge: its figures over the window and its requests/s, error and latency charts. */
export function EdgeTrafficPanel({ edge }: { edge: EdgeRef }) {
  const { windowS, setSelectedEdge } = useTopologyView();
  // The same query the graph polls: the chart adds no request of its own.
  const q = useMetrics("edge", windowS, "live", TRAFFIC_REFRESH_MS);
  const key = edgeTrafficKey(edge.route, edge.service, edge.version);
  const points = useMemo(() => (q.data?.points ?? []).filter((p) => p.key === key), [q.data, key]);
  const traffic = useMemo(() => trafficByKey(points, windowS).get(key), [points, windowS, key]);
  const rows = useMemo(
    () => smoothRates(pivot(points, [key], ["rps", "errorRate", "p50", "p99"]), [key]),
    [points, key],
  );
  return (
    <div data-testid="edge-panel">
      <h3>
        Edge {edge.route} → {edge.service}/{edge.version}
      </h3>
      <p className={traffic ? `edge-traffic health-${healthOf(traffic)}` : "muted"} data-testid="edge-panel-summary">
        {traffic ? trafficLine(traffic) : `No requests in the last ${windowS / 60} min.`}
      </p>
      {traffic ? (
        <>
          <MetricChart
            title="Requests"
            unit="req/s"
            rows={rows}
            keys={[key]}
            metrics={["rps"]}
            testId="edge-chart-rps"
          />
          <MetricChart
            title="Errors"
            unit="%"
            rows={rows}
            keys={[key]}
            metrics={["errorRate"]}
            testId="edge-chart-errors"
          />
          <MetricChart
            title="Latency p50 / p99"
            unit="ms"
            rows={rows}
            keys={[key]}
            metrics={["p50", "p99"]}
            testId="edge-chart-latency"
          />
        </>
      ) : null}
      <button type="button" className="small" onClick={() => setSelectedEdge(null)}>
        Close
      </button>
    </div>
  );
}
