import "server-only";
import { propagationStats, type ChangeRollout, type RolloutProxy } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { notFound } from "@/lib/server/http/errors.ts";
import { forgetAfterMs } from "@/lib/server/xds/proxies.ts";

const EMPTY: ChangeRollout = {
  version: null,
  publishedAt: null,
  counts: { synced: 0, rejected: 0, pending: 0 },
  propagation: null,
  proxies: [],
  nacks: [],
};

/**
 * Where the fleet stands with the version a change produced, for the change page. A proxy is synced when it ACKed
 * that version (the audit log's `proxy.applied` says when, which gives its propagation time even after it moved on
 * to a later version) or runs a later one; rejected when it NACKed the version and runs an older one; pending
 * otherwise. Proxies the Proxies list has forgotten are left out; every NACK of the version is listed.
 */
export async function changeRollout(id: string): Promise<ChangeRollout> {
  const prisma = await getPrisma();
  const change = await prisma.changeSet.findUnique({
    where: { id },
    select: { configVersion: { select: { version: true, createdAt: true } } },
  });
  if (!change) throw notFound(`Change ${id} does not exist`);
  if (!change.configVersion) return EMPTY;
  const { version, createdAt: publishedAt } = change.configVersion;
  const [nodes, applied, rejections] = await Promise.all([
    prisma.proxyNode.findMany({
      where: { lastSeenAt: { gte: new Date(Date.now() - forgetAfterMs()) } },
      orderBy: { id: "asc" },
    }),
    prisma.auditLog.findMany({
      where: { action: "proxy.applied", at: { gte: publishedAt }, details: { path: ["version"], equals: version } },
      select: { entityId: true, at: true },
      orderBy: { at: "asc" },
    }),
    prisma.proxyRejection.findMany({ where: { version }, orderBy: { lastAt: "desc" } }),
  ]);
  const appliedAt = new Map<string, Date>();
  for (const a of applied) if (!appliedAt.has(a.entityId)) appliedAt.set(a.entityId, a.at);
  const rejectedBy = new Set(rejections.map((r) => r.nodeId));
  const proxies = nodes.map((n): RolloutProxy => {
    const at = appliedAt.get(n.id);
    const running = n.appliedVersion ?? 0;
    const state = at || running >= version ? "synced" : rejectedBy.has(n.id) ? "rejected" : "pending";
    // Only meaningful for a proxy that was connected when the version was published.
    const propagationMs = at && n.firstSeenAt <= publishedAt ? Math.max(0, at.getTime() - publishedAt.getTime()) : null;
    return { id: n.id, gateway: n.gateway, state, appliedVersion: n.appliedVersion, propagationMs };
  });
  const count = (s: RolloutProxy["state"]) => proxies.filter((p) => p.state === s).length;
  return {
    version,
    publishedAt: publishedAt.toISOString(),
    counts: { synced: count("synced"), rejected: count("rejected"), pending: count("pending") },
    propagation: propagationStats(proxies.flatMap((p) => (p.propagationMs === null ? [] : [p.propagationMs]))),
    proxies,
    nacks: rejections.map((r) => ({
      node: r.nodeId,
      error: r.error,
      count: r.count,
      firstAt: r.firstAt.toISOString(),
      lastAt: r.lastAt.toISOString(),
    })),
  };
}
