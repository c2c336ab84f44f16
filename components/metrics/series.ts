import type { MetricsPoint } from "@/lib/core/api/index.ts";

export type Metric = "rps" | "p50" | "p99" | "errorRate";
export type Row = { t: number } & Record<string, number | null>;

/** The API reports `t` in ms; seconds are accepted too. */
const secondOf = (t: number) => (t > 1e12 ? 1000 : 1);

/**
 * One row per second from the first point to the last, one column per `key:metric`; missing rps/error points
 * are 0, missing latencies are gaps. Idle seconds get a row too (the hub sends no point for them), so the
 * chart's category axis keeps time evenly spaced and shows a quiet spell as 0 requests/s.
 */
export function pivot(
  points: readonly MetricsPoint[],
  keys: readonly string[],
  metrics: readonly Metric[],
  /** Distance between points in ms (a stored range's step); by default a second. */
  stepMs?: number,
): Row[] {
  const empty = (t: number): Row => {
    const row = { t } as Row;
    for (const k of keys) for (const m of metrics) row[`${k}:${m}`] = m === "rps" || m === "errorRate" ? 0 : null;
    return row;
  };
  const byT = new Map<number, Row>();
  for (const p of points) {
    let row = byT.get(p.t);
    if (!row) byT.set(p.t, (row = empty(p.t)));
    for (const m of metrics) row[`${p.key}:${m}`] = m === "errorRate" ? p[m] * 100 : p[m];
  }
  const rows = [...byT.values()].sort((a, b) => a.t - b.t);
  if (rows.length < 2) return rows;
  const step = stepMs ?? secondOf(rows[0]!.t);
  const first = rows[0]!.t;
  const last = rows[rows.length - 1]!.t;
  // Bounded: more than a day of seconds (or of steps) is no chart the page draws; leave it unfilled.
  if ((last - first) / step > 86_400) return rows;
  const filled: Row[] = [];
  for (let t = first; t <= last; t += step) filled.push(byT.get(t) ?? empty(t));
  return filled;
}

/**
 * Requests/s of live rows as the mean of the last `width` seconds. Proxies report once a second and the console files
 * a report under the second it arrived in, so a report that arrives a little late leaves one second empty and the
 * next one double: per-second bars then zigzag between 0 and twice the rate. A short trailing mean shows the rate the
 * proxies saw; the table's figures (summarize) are unaffected. Latency and error-rate columns are left as they are.
 */
export function smoothRates(rows: readonly Row[], keys: readonly string[], width = 3): Row[] {
  if (width <= 1) return [...rows];
  return rows.map((row, i) => {
    const from = Math.max(0, i - width + 1);
    const out = { ...row };
    for (const k of keys) {
      const col = `${k}:rps`;
      let sum = 0;
      for (let j = from; j <= i; j++) sum += rows[j]![col] ?? 0;
      out[col] = Math.round((sum / (i - from + 1)) * 100) / 100;
    }
    return out;
  });
}

export interface KeySummary {
  key: string;
  rps: number;
  p50: number | null;
  p99: number | null;
  errorRate: number;
}

/**
 * Averages over the last `span` complete steps (seconds when live), for the table. Requests/s divides by `span`, not
 * by the steps that have points: no point comes for an idle step, and an idle step is 0 requests.
 */
export function summarize(
  points: readonly MetricsPoint[],
  keys: readonly string[],
  now: number,
  span = 5,
  stepMs?: number,
): KeySummary[] {
  const unit = stepMs ?? secondOf(now);
  const current = Math.floor(now / unit) * unit;
  const recent = points.filter((p) => p.t >= current - span * unit && p.t < current);
  return keys.map((key) => {
    const mine = recent.filter((p) => p.key === key);
    const avg = (f: (p: MetricsPoint) => number) =>
      mine.length ? mine.reduce((a, p) => a + f(p), 0) / mine.length : null;
    return {
      key,
      rps: mine.reduce((a, p) => a + p.rps, 0) / span,
      p50: avg((p) => p.p50),
      p99: avg((p) => p.p99),
      errorRate: (avg((p) => p.errorRate) ?? 0) * 100,
    };
  });
}

export const formatClock = (t: number) =>
  new Date(t < 1e12 ? t * 1000 : t).toLocaleTimeString(undefined, { hour12: false });

/** Day and time, for ranges longer than a few hours. */
export const formatDayClock = (t: number) =>
  new Date(t < 1e12 ? t * 1000 : t).toLocaleString(undefined, {
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });

const PALETTE = [
  "#2563eb",
  "#dc2626",
  "#16a34a",
  "#9333ea",
  "#ea580c",
  "#0891b2",
  "#ca8a04",
  "#db2777",
  "#4b5563",
  "#65a30d",
];
export const colorFor = (keys: readonly string[], key: string) =>
  PALETTE[Math.max(0, keys.indexOf(key)) % PALETTE.length]!;

/**
 * Per key over a stored range: requests/s from the first point to now (a range the data covers only partly is not
 * diluted by the time before it), 5xx share of all requests, and latencies weighted by each step's requests (an
 * approximation: the exact quantiles of the range would need its merged histogram).
 */
export function summarizeRange(points: readonly MetricsPoint[], keys: readonly string[], now: number): KeySummary[] {
  return keys.map((key) => {
    const mine = points.filter((p) => p.key === key);
    const first = mine.reduce((t, p) => Math.min(t, p.t), now);
    const seconds = Math.max(1, (now - first) / 1000);
    const requests = mine.reduce((a, p) => a + (p.requests ?? 0), 0);
    const weighted = (f: (p: MetricsPoint) => number) =>
      requests ? mine.reduce((a, p) => a + f(p) * (p.requests ?? 0), 0) / requests : null;
    return {
      key,
      rps: requests / seconds,
      p50: weighted((p) => p.p50),
      p99: weighted((p) => p.p99),
      errorRate: (weighted((p) => p.errorRate) ?? 0) * 100,
    };
  });
}
