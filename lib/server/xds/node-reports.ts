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

export interface AckReport extends PollReport {
  version: number;
  hash: string;
}

/** Several reports of one node in one window (rare: a retried request): the last one wins. */
function lastPerNode<T extends { node: string }>(items: T[]): T[] {
  return [...new Map(items.map((i) => [i.node, i] as const)).values()];
}

type AuditRow = Prisma.AuditLogCreateManyInput;
const auditRow = (action: string, node: string, details: Prisma.InputJsonValue): AuditRow => ({
  actorId: null,
  action,
  entityType: "proxy",
  entityId: node,
  details,
});

async function flushPolls(items: PollReport[], forgetAfterMs: number): Promise<void> {
  const rows = lastPerNode(items);
  const db = await getPrisma();
  await db.$transaction(async (tx) => {
    const before = await tx.proxyNode.findMany({
      where: { id: { in: rows.map((r) => r.node) } },
      select: { id: true, lastSeenAt: true },
    });
    const seen = new Map(before.map((b) => [b.id, b.lastSeenAt.getTime()] as const));
    const values = rows.map((r) => Prisma.sql`(${r.node}, ${r.gateway}, ${r.at}::timestamp(3), ${r.at}::timestamp(3))`);
    await tx.$executeRaw`
      INSERT INTO proxy_nodes (id, gateway, first_seen_at, last_seen_at) VALUES ${Prisma.join(values)}
      ON CONFLICT (id) DO UPDATE SET gateway = EXCLUDED.gateway,
        last_seen_at = GREATEST(proxy_nodes.last_seen_at, EXCLUDED.last_seen_at)`;
    // A node seen for the first time, or again after it had left the Proxies list: the audit log keeps its history.
    const connected = rows.filter((r) => {
      const last = seen.get(r.node);
      return last === undefined || r.at.getTime() - last > forgetAfterMs;
    });
    if (connected.length > 0)
      await tx.auditLog.createMany({
        data: connected.map((r) => auditRow("proxy.connected", r.node, { gateway: r.gateway })),
      });
  });
}

async function flushAcks(items: AckReport[]): Promise<void> {
  const rows = lastPerNode(items);
  const db = await getPrisma();
  await db.$transaction(async (tx) => {
    const before = await tx.proxyNode.findMany({
      where: { id: { in: rows.map((r) => r.node) } },
      select: { id: true, appliedVersion: true },
    });
    const applied = new Map(before.map((b) => [b.id, b.appliedVersion] as const));
    const values = rows.map(
      (r) =>
        Prisma.sql`(${r.node}, ${r.gateway}, ${r.at}::timestamp(3), ${r.at}::timestamp(3), ${r.version}::int, ${r.hash}, ${r.at}::timestamp(3))`,
    );
    // appliedAt is when the node switched to this version: a repeated ACK of the same version keeps it.
    await tx.$executeRaw`
      INSERT INTO proxy_nodes (id, gateway, first_seen_at, last_seen_at, applied_version, applied_hash, applied_at)
      VALUES ${Prisma.join(values)}
      ON CONFLICT (id) DO UPDATE SET gateway = EXCLUDED.gateway,
        last_seen_at = GREATEST(proxy_nodes.last_seen_at, EXCLUDED.last_seen_at),
        applied_at = CASE WHEN proxy_nodes.applied_version IS DISTINCT FROM EXCLUDED.applied_version
          THEN EXCLUDED.applied_at ELSE proxy_nodes.applied_at END,
        applied_version = EXCLUDED.applied_version, applied_hash = EXCLUDED.applied_hash`;
    const switched = rows.filter((r) => applied.get(r.node) !== r.version);
    if (switched.length > 0)
      await tx.auditLog.createMany({
        data: switched.map((r) => auditRow("proxy.applied", r.node, { version: r.version, hash: r.hash })),
      });
  });
}

interface Batchers {
  polls: Batcher<PollReport>;
  acks: Batcher<AckReport>;
  forgetAfterMs: number;
}

// One per process (globalThis: Next.js dev reloads would otherwise split the batches).
const g = globalThis as unknown as { __signalboxReports?: Batchers };

function batchers(forgetAfterMs: number): Batchers {
  if (!g.__signalboxReports) {
    const created: Batchers = {
      forgetAfterMs,
      polls: new Batcher<PollReport>(REPORT_BATCH_WINDOW_MS, (items) => flushPolls(items, created.forgetAfterMs)),
      acks: new Batcher<AckReport>(REPORT_BATCH_WINDOW_MS, flushAcks),
    };
    g.__signalboxReports = created;
  }
  g.__signalboxReports.forgetAfterMs = forgetAfterMs;
  return g.__signalboxReports;
}

/** Resolves when the heartbeat is committed (within REPORT_BATCH_WINDOW_MS plus one write). */
export const writePoll = (report: PollReport, forgetAfterMs: number): Promise<void> =>
  batchers(forgetAfterMs).polls.add(report);

/** Resolves when the ACK is committed; the caller has checked version and hash before. */
export const writeAck = (report: AckReport, forgetAfterMs: number): Promise<void> =>
  batchers(forgetAfterMs).acks.add(report);
