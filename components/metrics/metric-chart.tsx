"use client";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { colorFor, formatClock, formatDayClock, type Metric, type Row } from "./series.ts";

interface Props {
  title: string;
  unit: string;
  rows: Row[];
  keys: string[];
  /** Each metric is drawn per key; the second one dashed (p99 next to p50). */
  metrics: Metric[];
  testId: string;
  /** Ticks show the day too (24 h and 7 d ranges). */
  withDay?: boolean;
}

export function MetricChart({ title, unit, rows, keys, metrics, testId, withDay = false }: Props) {
  const format = withDay ? formatDayClock : formatClock;
  return (
    <figure className="chart card" data-testid={testId}>
      <figcaption>
        {title} <span className="muted">({unit})</span>
      </figcaption>
      <LineChart
        responsive
        data={rows}
        style={{ width: "100%", height: 220 }}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="t" tickFormatter={format} minTickGap={40} fontSize={11} />
        <YAxis fontSize={11} width={48} allowDecimals />
        <Tooltip
          labelFormatter={(t) => format(Number(t))}
          formatter={(v) => (typeof v === "number" ? v.toFixed(unit === "req/s" ? 1 : 2) : String(v))}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {keys.flatMap((k) =>
          metrics.map((m, i) => (
            <Line
              key={`${k}:${m}`}
              dataKey={`${k}:${m}`}
              name={metrics.length > 1 ? `${k} ${m}` : k}
              stroke={colorFor(keys, k)}
              strokeDasharray={i > 0 ? "5 3" : undefined}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
              strokeWidth={1.6}
            />
          )),
        )}
      </LineChart>
    </figure>
  );
}
