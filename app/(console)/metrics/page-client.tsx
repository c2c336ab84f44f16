"use client";
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { METRICS_RANGES, type MetricsGroupBy, type MetricsRange } from "@/lib/core/api/index.ts";
import { useMetrics } from "@/lib/client/hooks/use-metrics.ts";
import { MetricChart } from "@/components/metrics/metric-chart.tsx";
import { MetricsTable } from "@/components/metrics/metrics-table.tsx";
import { AuthzTable } from "@/components/metrics/authz-table.tsx";
import { GrpcStatusTable } from "@/components/metrics/grpc-status-table.tsx";
import { LiveTap } from "@/components/metrics/live-tap.tsx";
import { pivot, smoothRates, summarize, summarizeRange } from "@/components/metrics/series.ts";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";

const WINDOWS = [60, 120, 300, 900];
/** Live requests/s are drawn as a trailing mean over this many seconds (series.ts smoothRates says why). */
const LIVE_RATE_SECONDS = 3;
const RANGE_LABELS: Record<MetricsRange, string> = { live: "Live", "1h": "1 h", "24h": "24 h", "7d": "7 d" };
const STEP_LABELS: Record<MetricsRange, string> = {
  live: "live · 1 s",
  "1h": "stored · 10 s steps",
  "24h": "stored · 5 min steps",
  "7d": "stored · 30 min steps",
};

export function MetricsPageClient({
  initialGroupBy,
  initialRange,
}: {
  initialGroupBy: MetricsGroupBy;
  initialRange: MetricsRange;
}) {
  const router = useRouter();
  const [groupBy, setGroupBy] = useState<MetricsGroupBy>(initialGroupBy);
  const [range, setRange] = useState<MetricsRange>(initialRange);
  const [windowS, setWindowS] = useState(120);
  const q = useMetrics(groupBy, windowS, range);
  // While a new range loads, the previous range's points stay on screen (keepPreviousData); they are drawn with
  // the step they were computed at.
  const data = q.data;
  const shownRange = data?.range ?? "live";
  const stepMs = (data?.stepSeconds ?? 1) * 1000;
  const keys = useMemo(() => [...(data?.keys ?? [])].sort(), [data?.keys]);
  const rows = useMemo(() => {
    const pivoted = pivot(data?.points ?? [], keys, ["rps", "p50", "p99", "errorRate"], stepMs);
    return shownRange === "live" ? smoothRates(pivoted, keys, LIVE_RATE_SECONDS) : pivoted;
  }, [data?.points, keys, stepMs, shownRange]);
  const summary = useMemo(
    () =>
      shownRange === "live"
        ? summarize(data?.points ?? [], keys, data?.now ?? 0)
        : summarizeRange(data?.points ?? [], keys, data?.now ?? 0),
    [data?.points, keys, data?.now, shownRange],
  );
  const withDay = shownRange === "24h" || shownRange === "7d";
  /** The selection lives in the URL, so a reload or a shared link shows the same view. */
  const select = (next: { range?: MetricsRange; groupBy?: MetricsGroupBy }) => {
    const r = next.range ?? range;
    const g = next.groupBy ?? groupBy;
    setRange(r);
    setGroupBy(g);
    const params = new URLSearchParams();
    if (r !== "live") params.set("range", r);
    if (g !== "route") params.set("groupBy", g);
    const qs = params.toString();
    router.replace(qs ? `/metrics?${qs}` : "/metrics", { scroll: false });
  };

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
                onChange={() => select({ groupBy: g })}
                data-testid={`groupby-${g}`}
              />
              <label htmlFor={`groupby-${g}`}>Per {g}</label>
            </span>
          ))}
        </fieldset>
        <fieldset className="segmented" aria-label="Time range">
          <legend className="sr-only">Time range</legend>
          {METRICS_RANGES.map((r) => (
            <span key={r}>
              <input
                type="radio"
                id={`range-${r}`}
                name="range"
                value={r}
                checked={range === r}
                onChange={() => select({ range: r })}
                data-testid={`range-${r}`}
              />
              <label htmlFor={`range-${r}`}>{RANGE_LABELS[r]}</label>
            </span>
          ))}
        </fieldset>
        {range === "live" ? (
          <>
            <label htmlFor="metrics-window">Window</label>
            <select id="metrics-window" value={windowS} onChange={(e) => setWindowS(Number(e.target.value))}>
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {w >= 120 ? `${w / 60} min` : `${w} s`}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <span className="muted small" aria-live="off" data-testid="metrics-step">
          {STEP_LABELS[shownRange]}
        </span>
      </PageHeader>
      <QueryState isLoading={q.isLoading} error={q.error} label="metrics">
        {keys.length === 0 ? <p className="muted">No traffic recorded in this window.</p> : null}
        {shownRange !== "live" ? (
          <p className="muted small">
            Stored series: the same on every console sharing the database. The table averages the range since its first
            point.
          </p>
        ) : null}
        <MetricsTable rows={summary} keys={keys} />
        {shownRange === "live" ? <AuthzTable rows={data?.authz ?? []} /> : null}
        {shownRange === "live" ? <GrpcStatusTable rows={data?.grpc ?? []} /> : null}
        <div className="chart-grid">
          <MetricChart
            title={shownRange === "live" ? `Requests per second (${LIVE_RATE_SECONDS} s mean)` : "Requests per second"}
            unit="req/s"
            rows={rows}
            keys={keys}
            metrics={["rps"]}
            testId="chart-rps"
            withDay={withDay}
          />
          <MetricChart
            title="Latency p50 (solid) / p99 (dashed)"
            unit="ms"
            rows={rows}
            keys={keys}
            metrics={["p50", "p99"]}
            testId="chart-latency"
            withDay={withDay}
          />
          <MetricChart
            title="Error rate"
            unit="%"
            rows={rows}
            keys={keys}
            metrics={["errorRate"]}
            testId="chart-errors"
            withDay={withDay}
          />
        </div>
      </QueryState>
      <LiveTap routes={groupBy === "route" ? keys : []} />
    </>
  );
}
