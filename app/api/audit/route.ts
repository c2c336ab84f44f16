import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";

export const GET = handle(operations.audit, async ({ query }) => {
  const prisma = await getPrisma();
  const rows = await prisma.auditLog.findMany({
    orderBy: { id: "desc" },
    take: query.limit,
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
});
