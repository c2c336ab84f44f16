import "server-only";
import type { Ack, Nack, ProxyListResponse, ProxyStatus } from "@/lib/core/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";

type Tx = Prisma.TransactionClient;

/** Every poll is a heartbeat. */
export async function recordPoll(db: Tx, node: string, gateway: string | undefined): Promise<void> {
  const now = new Date();
  await db.proxyNode.upsert({
    where: { id: node },
    create: { id: node, gateway: gateway ?? null, firstSeenAt: now, lastSeenAt: now },
    update: { lastSeenAt: now, gateway: gateway ?? null },
  });
}

export async function recordAck(ack: Ack): Promise<void> {
  const db = await getPrisma();
  const now = new Date();
  const data = {
    lastSeenAt: now,
    appliedVersion: ack.version,
    appliedHash: ack.hash,
    appliedAt: now,
    gateway: ack.gateway ?? null,
  };
  await db.proxyNode.upsert({
    where: { id: ack.node },
    create: { id: ack.node, firstSeenAt: now, ...data },
    update: data,
  });
}

/** The node's error and its audit entry are written together. */
export async function recordNack(nack: Nack): Promise<void> {
  const now = new Date();
  const data = {
    lastSeenAt: now,
    lastError: nack.error,
    lastErrorVersion: nack.version,
    lastErrorAt: now,
    gateway: nack.gateway ?? null,
  };
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await tx.proxyNode.upsert({
      where: { id: nack.node },
      create: { id: nack.node, firstSeenAt: now, ...data },
      update: data,
    });
    await audit(tx, {
      actorId: null,
      action: "proxy.rejected",
      entityType: "proxy",
      entityId: nack.node,
      details: { version: nack.version, error: nack.error },
    });
  });
}

type NodeRow = Awaited<ReturnType<Tx["proxyNode"]["findMany"]>>[number];

// A proxy re-polls at least once per wait; missing two of them means it is gone.
const offlineAfterMs = () => 2 * env().SIGNALBOX_POLL_WAIT_MS + 10_000;
const SYNC_GRACE_MS = 10_000;

function stateOf(node: NodeRow, latest: number, latestAt: Date | null, now: number): ProxyStatus["state"] {
  if (now - node.lastSeenAt.getTime() > offlineAfterMs()) return "offline";
  const applied = node.appliedVersion ?? 0;
  if (node.lastErrorVersion !== null && node.lastErrorVersion > applied && node.lastErrorVersion >= latest)
    return "rejected";
  if (applied >= latest) return "synced";
  return latestAt && now - latestAt.getTime() < SYNC_GRACE_MS ? "syncing" : "stale";
}

export async function listProxies(): Promise<ProxyListResponse> {
  const db = await getPrisma();
  const [nodes, latest] = await Promise.all([
    db.proxyNode.findMany({ orderBy: { id: "asc" } }),
    latestVersionNumber(db),
  ]);
  const versions = new Set<number>([latest, ...nodes.map((n) => n.appliedVersion ?? 0)]);
  const created = await db.configVersion.findMany({
    where: { version: { in: [...versions] } },
    select: { version: true, createdAt: true },
  });
  const createdAt = new Map(created.map((c) => [c.version, c.createdAt]));
  const now = Date.now();
  const proxies = nodes.map((n): ProxyStatus => {
    const publishedAt = n.appliedVersion !== null ? createdAt.get(n.appliedVersion) : undefined;
    return {
      id: n.id,
      gateway: n.gateway,
      state: stateOf(n, latest, createdAt.get(latest) ?? null, now),
      appliedVersion: n.appliedVersion,
      appliedHash: n.appliedHash,
      appliedAt: n.appliedAt?.toISOString() ?? null,
      lastSeenAt: n.lastSeenAt.toISOString(),
      lastError: n.lastError,
      lastErrorVersion: n.lastErrorVersion,
      // Only meaningful when the proxy was already connected when the version was published.
      propagationMs:
        publishedAt && n.appliedAt && n.firstSeenAt <= publishedAt
          ? Math.max(0, n.appliedAt.getTime() - publishedAt.getTime())
          : null,
    };
  });
  return { latestVersion: latest || null, proxies };
}
