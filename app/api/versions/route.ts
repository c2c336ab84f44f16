import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";

export const GET = handle(operations.listVersions, async () => {
  const prisma = await getPrisma();
  const rows = await prisma.configVersion.findMany({
    orderBy: { version: "desc" },
    take: 200,
    select: {
      version: true,
      hash: true,
      createdAt: true,
      changeSetId: true,
      changeSet: { select: { title: true } },
      createdBy: { select: { username: true } },
    },
  });
  return {
    versions: rows.map((r) => ({
      version: r.version,
      hash: r.hash,
      createdAt: r.createdAt.toISOString(),
      changeId: r.changeSetId,
      changeTitle: r.changeSet?.title ?? null,
      createdBy: r.createdBy?.username ?? null,
    })),
  };
});
