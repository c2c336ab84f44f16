import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { Batcher } from "./batcher.ts";

/**
 * The per-node writes of polls (heartbeats) and ACKs, batched: right after a publish every proxy ACKs and re-polls
 * within a few milliseconds, and one multi-row upsert per window replaces hundreds of single-row transactions. Each
 * caller's promise resolves once its row is committed, so an ACK answered 200 is visible on the Proxies page.
 */
export const REPORT_BATCH_WINDOW_MS = 50;

export interface PollReport {
  node: string;
  gateway: string | null;
  at: Date;
}

export interface LabelledPollReport extends PollReport {
  labels: Record<string, string>;
}

export interface AckReport extends PollReport {
  version: number;
  hash: string;
}

/** Several reports of one node in one window (rare: a retried request): the last one wins. */
function lastPerNode<T extends { node: string }>(items: T[]): T[] {
  return [...new Map(items.map((i) => [i.node, i] as const)).values()];
}

/*
 * Each flush is one SQL statement: the CTE `old` reads the rows as they were (every part of one statement sees the
 * same snapshot), the upsert writes them, and the outer INSERT writes the audit entries the change calls for. One
 * round trip, and no interactive transaction that would need the (busy, right after a publish) event loop between
 * its statements while holding row locks.
 */

async function flushPolls(items: LabelledPollReport[], forgetAfterMs: number): Promise<void> {
  const rows = lastPerNode(items);
  const values = rows.map(
    (r) => Prisma.sql`(${r.node}, ${r.gateway}, ${r.at}::timestamp(3), ${JSON.stringify(r.labels)}::jsonb)`,
  );
  const db = await getPrisma();
  // A node seen for the first time, or again after it had left the Proxies list: the audit log keeps its history.
  await db.$executeRaw`
    WITH input (id, gateway, at, labels) AS (VALUES ${Prisma.join(values)}),
    old AS (SELECT p.id, p.last_seen_at FROM proxy_nodes p JOIN input i ON p.id = i.id),
    up AS (
      INSERT INTO proxy_nodes (id, gateway, first_seen_at, last_seen_at, labels)
      SELECT id, gateway, at, at, labels FROM input
      ON CONFLICT (id) DO UPDATE SET gateway = EXCLUDED.gateway, labels = EXCLUDED.labels,
        last_seen_at = GREATEST(proxy_nodes.last_seen_at, EXCLUDED.last_seen_at)
    )
    INSERT INTO audit_log (actor_id, action, entity_type, entity_id, details)
    SELECT NULL, 'proxy.connected', 'proxy', i.id, jsonb_build_object('gateway', i.gateway)
    FROM input i LEFT JOIN old o ON o.id = i.id
    WHERE o.id IS NULL OR i.at - o.last_seen_at > ${forgetAfterMs}::float8 * interval '1 millisecond'`;
}

async function flushAcks(items: AckReport[]): Promise<void> {
  const rows = lastPerNode(items);
  const values = rows.map(
    (r) => Prisma.sql`(${r.node}, ${r.gateway}, ${r.at}::timestamp(3), ${r.version}::int, ${r.hash})`,
  );
  const db = await getPrisma();
  // appliedAt is when the node switched to this version: a repeated ACK of the same version keeps it.
  await db.$executeRaw`
    WITH input (id, gateway, at, version, hash) AS (VALUES ${Prisma.join(values)}),
    old AS (SELECT p.id, p.applied_version FROM proxy_nodes p JOIN input i ON p.id = i.id),
    up AS (
      INSERT INTO proxy_nodes (id, gateway, first_seen_at, last_seen_at, applied_version, applied_hash, applied_at)
      SELECT id, gateway, at, at, version, hash, at FROM input
      ON CONFLICT (id) DO UPDATE SET gateway = EXCLUDED.gateway,
        last_seen_at = GREATEST(proxy_nodes.last_seen_at, EXCLUDED.last_seen_at),
        applied_at = CASE WHEN proxy_nodes.applied_version IS DISTINCT FROM EXCLUDED.applied_version
          THEN EXCLUDED.applied_at ELSE proxy_nodes.applied_at END,
        applied_version = EXCLUDED.applied_version, applied_hash = EXCLUDED.applied_hash
    )
    INSERT INTO audit_log (actor_id, action, entity_type, entity_id, details)
    SELECT NULL, 'proxy.applied', 'proxy', i.id, jsonb_build_object('version', i.version, 'hash', i.hash)
    FROM input i LEFT JOIN old o ON o.id = i.id
    WHERE o.applied_version IS DISTINCT FROM i.version`;
}

interface Batchers {
  polls: Batcher<LabelledPollReport>;
  acks: Batcher<AckReport>;
  forgetAfterMs: number;
}

// One per process (globalThis: Next.js dev reloads would otherwise split the batches).
const g = globalThis as unknown as { __signalboxReports?: Batchers };

function batchers(forgetAfterMs: number): Batchers {
  if (!g.__signalboxReports) {
    const created: Batchers = {
      forgetAfterMs,
      polls: new Batcher<LabelledPollReport>(REPORT_BATCH_WINDOW_MS, (items) =>
        flushPolls(items, created.forgetAfterMs),
      ),
      acks: new Batcher<AckReport>(REPORT_BATCH_WINDOW_MS, flushAcks),
    };
    g.__signalboxReports = created;
  }
  g.__signalboxReports.forgetAfterMs = forgetAfterMs;
  return g.__signalboxReports;
}

/** Resolves when the heartbeat is committed (within REPORT_BATCH_WINDOW_MS plus one write). */
export const writePoll = (report: LabelledPollReport, forgetAfterMs: number): Promise<void> =>
  batchers(forgetAfterMs).polls.add(report);

/** Resolves when the ACK is committed; the caller has checked version and hash before. */
export const writeAck = (report: AckReport, forgetAfterMs: number): Promise<void> =>
  batchers(forgetAfterMs).acks.add(report);
