import "server-only";
import type { AuditListResponse } from "@/lib/core/api/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";

type Tx = Prisma.TransactionClient;

/** Appends one audit entry inside the caller's transaction, so the entry and the change commit together. */
export async function audit(
  tx: Tx,
  entry: {
    actorId: string | null;
    action: string;
    entityType: string;
    entityId: string;
    details?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: entry.details ?? {},
    },
  });
}

/** The newest `limit` entries, newest first. */
export async function listAuditEntries(limit: number): Promise<AuditListResponse> {
  const prisma = await getPrisma();
  const rows = await prisma.auditLog.findMany({
    orderBy: { id: "desc" },
    take: limit,
    include: { actor: { select: { username: true } } },
  });
  return {
    entries: rows.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actor: r.actor?.username ?? "system",
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      details: r.details,
    })),
  };
}
