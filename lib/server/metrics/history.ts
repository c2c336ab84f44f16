import "server-only";
import { METRICS_RANGE_PLAN, type MetricsRange, type MetricsResponse } from "@/lib/core/api/index.ts";
import { bucketStart, emptyCell, pointOf, type RollupCell } from "@/lib/core/metrics/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";

type GroupBy = MetricsResponse["groupBy"];

interface TotalsRow {
  t: number;
  key: string;
  requests: number;
  errors: number;
  latency_sum_ms: number;
}
interface HistogramRow {
  t: number;
  key: string;
  i: number;
  c: number;
}

/**
 * A stored range, read from the rollup rows every console writes (so every console answers the same), summed into
 * the range's chart step in SQL: totals per (step, key), and the histogram per (step, key, bucket index), which the
 * quantiles are computed from after the merge. The step still filling up is included; its rate is taken over the
 * seconds it has covered so far.
 */
export async function queryStored(
  range: Exclude<MetricsRange, "live">,
  groupBy: GroupBy,
  nowMs = Date.now(),
): Promise<MetricsResponse> {
  const plan = METRICS_RANGE_PLAN[range];
  const now = Math.floor(nowMs / 1000);
  const from = bucketStart(now - plan.span, plan.step) + plan.step;
  const prisma = await getPrisma();
  const where = `resolution = $1::int AND dimension = $2 AND bucket >= $3::bigint`;
  const args = [plan.resolution, groupBy, from, plan.step] as const;
  const step = `((bucket / $4::bigint) * $4::bigint)::float8`;
  const [totals, histogram] = await Promise.all([
    prisma.$queryRawUnsafe<TotalsRow[]>(
      `SELECT ${step} AS t, key, sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
              sum(latency_sum_ms)::float8 AS latency_sum_ms
       FROM metric_rollups WHERE ${where} GROUP BY 1, 2`,
      ...args,
    ),
    prisma.$queryRawUnsafe<HistogramRow[]>(
      `SELECT ${step} AS t, key, u.i::int AS i, sum(u.c)::float8 AS c
       FROM metric_rollups, unnest(latency) WITH ORDINALITY AS u(c, i)
       WHERE ${where} GROUP BY 1, 2, 3`,
      ...args,
    ),
  ]);
  const cells = new Map<string, { t: number; key: string; cell: RollupCell }>();
  const cellOf = (t: number, key: string) => {
    const id = `${t}\n${key}`;
    let c = cells.get(id);
    if (!c) cells.set(id, (c = { t, key, cell: emptyCell() }));
    return c.cell;
  };
  for (const r of totals) {
    const cell = cellOf(Number(r.t), r.key);
    cell.requests = Number(r.requests);
    cell.errors = Number(r.errors);
    cell.latencySumMs = Number(r.latency_sum_ms);
  }
  for (const h of histogram) cellOf(Number(h.t), h.key).latency[Number(h.i) - 1] = Number(h.c);
  const sorted = [...cells.values()].sort((a, b) => a.t - b.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    now: nowMs,
    groupBy,
    range,
    stepSeconds: plan.step,
    keys: [...new Set(sorted.map((c) => c.key))].sort(),
    points: sorted.map((c) => pointOf(c.t * 1000, c.key, c.cell, Math.min(plan.step, Math.max(1, now - c.t)))),
    // Access-policy denials and gRPC status counts are kept live only (the in-memory buffer).
    authz: [],
    grpc: [],
  };
}
