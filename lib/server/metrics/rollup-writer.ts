import "server-only";
import type { MetricsBatch } from "@/lib/core/index.ts";
import {
  addSeries,
  bucketStart,
  emptyCell,
  mergeInto,
  seriesKeys,
  type MetricDimension,
  type RollupCell,
} from "@/lib/core/metrics/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";

/** Stored resolutions, seconds. */
export const ROLLUP_RESOLUTIONS = [10, 60] as const;
/** Rows per INSERT statement (8 parameters a row stays far below PostgreSQL's 65535). */
const ROWS_PER_STATEMENT = 500;
/** Pending cells kept while the database is unreachable; older deltas beyond this are dropped (and counted). */
const MAX_PENDING = 50_000;
const PRUNE_EVERY_MS = 60_000;

interface Pending {
  bucket: number;
  dimension: MetricDimension;
  key: string;
  cell: RollupCell;
}

/**
 * Adds the rows to the rollup table: a row that exists gets the deltas added (histogram bucket by bucket), so every
 * console writes only what its own proxies reported and the rows hold the sum. The merge expression pairs the two
 * arrays by position (unnest of two arrays pads the shorter with NULL), portable to PostgreSQL 15 and PGlite.
 */
const UPSERT_TAIL = `ON CONFLICT (resolution, dimension, key, bucket) DO UPDATE SET
  requests = metric_rollups.requests + EXCLUDED.requests,
  errors = metric_rollups.errors + EXCLUDED.errors,
  latency_sum_ms = metric_rollups.latency_sum_ms + EXCLUDED.latency_sum_ms,
  latency = ARRAY(
    SELECT COALESCE(a, 0) + COALESCE(b, 0)
    FROM unnest(metric_rollups.latency, EXCLUDED.latency) WITH ORDINALITY AS u(a, b, i)
    ORDER BY i
  )`;

/**
 * Collects what proxies report into 10 s cells and writes them to PostgreSQL every SIGNALBOX_METRICS_FLUSH_MS, to
 * the 10 s rows and to the 1 min rows alike. Writing each delta to both resolutions (rather than rolling 10 s rows
 * into minutes later) needs no job that consoles would have to coordinate, and a minute is never counted twice
 * or missed when a console stops mid-minute. Prunes rows past their retention once a minute.
 */
class RollupWriter {
  private pending = new Map<string, Pending>();
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;
  /** Cells dropped because the pending map was full (database unreachable for long). */
  dropped = 0;
  /** Flushes that failed (their cells stay pending and are retried). */
  failures = 0;

  add(batch: MetricsBatch, receivedAtMs: number): void {
    if (batch.series.length === 0) return;
    const bucket = bucketStart(Math.floor(receivedAtMs / 1000), ROLLUP_RESOLUTIONS[0]);
    for (const s of batch.series) {
      for (const [dimension, key] of seriesKeys(s, batch.node)) {
        const id = `${bucket}\n${dimension}\n${key}`;
        let p = this.pending.get(id);
        if (!p) {
          if (this.pending.size >= MAX_PENDING) {
            this.dropped++;
            continue;
          }
          p = { bucket, dimension, key, cell: emptyCell() };
          this.pending.set(id, p);
        }
        addSeries(p.cell, s);
      }
    }
  }

  /** Starts the periodic flush (idempotent). */
  start(): void {
    this.timer ??= setInterval(() => {
      void this.flush().catch(() => undefined);
    }, env().SIGNALBOX_METRICS_FLUSH_MS).unref();
  }

  /** Writes everything pending; one flush at a time. Failed cells go back to pending for the next try. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    const cells = [...this.pending.values()];
    this.pending = new Map();
    try {
      if (cells.length > 0) await writeRows(cells);
      await this.pruneNow();
    } catch (error) {
      this.failures++;
      for (const c of cells) {
        const id = `${c.bucket}\n${c.dimension}\n${c.key}`;
        const p = this.pending.get(id);
        if (p) mergeInto(p.cell, c.cell);
        else if (this.pending.size < MAX_PENDING) this.pending.set(id, c);
        else this.dropped++;
      }
      console.warn(
        `[signalbox] writing metric rollups failed (${error instanceof Error ? error.message : String(error)}); retrying`,
      );
    }
  }

  private async pruneNow(nowMs = Date.now()): Promise<void> {
    if (nowMs - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = nowMs;
    await pruneRollups(nowMs);
  }
}

async function writeRows(cells: readonly Pending[]): Promise<void> {
  const prisma = await getPrisma();
  for (const resolution of ROLLUP_RESOLUTIONS) {
    // Merge first: one statement may not touch the same row twice (six 10 s cells share a minute).
    const rows = new Map<string, Pending>();
    for (const c of cells) {
      const bucket = bucketStart(c.bucket, resolution);
      const id = `${bucket}\n${c.dimension}\n${c.key}`;
      const row = rows.get(id);
      if (row) mergeInto(row.cell, c.cell);
      else rows.set(id, { bucket, dimension: c.dimension, key: c.key, cell: mergeInto(emptyCell(), c.cell) });
    }
    const all = [...rows.values()];
    for (let i = 0; i < all.length; i += ROWS_PER_STATEMENT) {
      const chunk = all.slice(i, i + ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      const values = chunk.map((r) => {
        const n = params.length;
        params.push(
          resolution,
          r.dimension,
          r.key,
          r.bucket,
          r.cell.requests,
          r.cell.errors,
          r.cell.latencySumMs,
          `{${r.cell.latency.join(",")}}`,
        );
        return `($${n + 1}::int, $${n + 2}, $${n + 3}, $${n + 4}::bigint, $${n + 5}::bigint, $${n + 6}::bigint, $${n + 7}::float8, $${n + 8}::bigint[])`;
      });
      await prisma.$executeRawUnsafe(
        `INSERT INTO metric_rollups (resolution, dimension, key, bucket, requests, errors, latency_sum_ms, latency)
         VALUES ${values.join(", ")} ${UPSERT_TAIL}`,
        ...params,
      );
    }
  }
}

/** Deletes rows past SIGNALBOX_METRICS_RETENTION_10S_MINUTES / SIGNALBOX_METRICS_RETENTION_1M_DAYS. */
export async function pruneRollups(nowMs = Date.now()): Promise<void> {
  const prisma = await getPrisma();
  const now = Math.floor(nowMs / 1000);
  const config = env();
  await prisma.metricRollup.deleteMany({
    where: { resolution: 10, bucket: { lt: BigInt(now - config.SIGNALBOX_METRICS_RETENTION_10S_MINUTES * 60) } },
  });
  await prisma.metricRollup.deleteMany({
    where: { resolution: 60, bucket: { lt: BigInt(now - config.SIGNALBOX_METRICS_RETENTION_1M_DAYS * 86_400) } },
  });
}

const g = globalThis as unknown as { __signalboxRollupWriter?: RollupWriter };
export const rollupWriter: RollupWriter = (g.__signalboxRollupWriter ??= new RollupWriter());
