import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { loadMesh } from "@/lib/server/db/mesh-repository.ts";

export const GET = handle(operations.runningMesh, async () => {
  const prisma = await getPrisma();
  const latest = await prisma.configVersion.findFirst({
    orderBy: { version: "desc" },
    select: { version: true, hash: true },
  });
  return { version: latest?.version ?? null, hash: latest?.hash ?? null, mesh: await loadMesh(prisma) };
});
