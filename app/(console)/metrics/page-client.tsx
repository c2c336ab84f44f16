"use client";
import { useMemo, useState } from "react";
import type { MetricsGroupBy } from "@/lib/core/api/index.ts";
import { useMetrics } from "@/lib/client/hooks/use-metrics.ts";
import { MetricChart } from "@/components/metrics/metric-chart.tsx";
import { MetricsTable } from "@/components/metrics/metrics-table.tsx";
import { AuthzTable } from "@/components/metrics/authz-table.tsx";
import { GrpcStatusTable } from "@/components/metrics/grpc-status-table.tsx";
import { pivot, summarize } from "@/components/metrics/series.ts";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";

const WINDOWS = [60, 120, 300, 900];

export function MetricsPageClient({ initialGroupBy }: { initialGroupBy: MetricsGroupBy }) {
  const [groupBy, setGroupBy] = useState<MetricsGroupBy>(initialGroupBy);
  const [windowS, setWindowS] = useState(120);
  const q = useMetrics(groupBy, windowS);
  const data = q.data;
  const keys = useMemo(() => [...(data?.keys ?? [])].sort(), [data?.keys]);
  const rows = useMemo(() => pivot(data?.points ?? [], keys, ["rps", "p50", "p99", "errorRate"]), [data?.points, keys]);
  const summary = useMemo(() => summarize(data?.points ?? [], keys, data?.now ?? 0), [data?.points, keys, data?.now]);

  return (
    <>
      <PageHeader title="Metrics">
        <fieldset className="segmented" aria-label="Group series by">
          <legend className="sr-only">Group series by</legend>
          {(["route", "version"] as const).map((g) => (
            <span key={g}>
              <input
                type="radio"
                id={`groupby-${g}`}
                name="groupby"
                value={g}
                checked={groupBy === g}
                onChange={() => setGroupBy(g)}
                data-testid={`groupby-${g}`}
              />
              <label htmlFor={`groupby-${g}`}>Per {g}</label>
            </span>
          ))}
        </fieldset>
        <label htmlFor="metrics-window">Window</label>
        <select id="metrics-window" value={windowS} onChange={(e) => setWindowS(Number(e.target.value))}>
          {WINDOWS.map((w) => (
            <option key={w} value={w}>
              {w >= 120 ? `${w / 60} min` : `${w} s`}
            </option>
          ))}
        </select>
        <span className="muted small" aria-live="off">
          live · 1 s
        </span>
      </PageHeader>
      <QueryState isLoading={q.isLoading} error={q.error} label="metrics">
        {keys.length === 0 ? <p className="muted">No traffic recorded in this window.</p> : null}
        <MetricsTable rows={summary} keys={keys} />
        <AuthzTable rows={data?.authz ?? []} />
        <GrpcStatusTable rows={data?.grpc ?? []} />
        <div className="chart-grid">
          <MetricChart
            title="Requests per second"
            unit="req/s"
            rows={rows}
            keys={keys}
            metrics={["rps"]}
            testId="chart-rps"
          />
          <MetricChart
            title="Latency p50 (solid) / p99 (dashed)"
            unit="ms"
            rows={rows}
            keys={keys}
            metrics={["p50", "p99"]}
            testId="chart-latency"
          />
          <MetricChart
            title="Error rate"
            unit="%"
            rows={rows}
            keys={keys}
            metrics={["errorRate"]}
            testId="chart-errors"
          />
        </div>
      </QueryState>
    </>
  );
}
