import "server-only";
import type { RunningMeshResponse } from "@/lib/core/api/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { loadMesh } from "@/lib/server/db/mesh-repository.ts";
import { latestVersionNumber } from "./publish.ts";

/** The running config: the latest version's number and hash (null before the first publish) and the mesh. */
export async function runningConfig(db?: Prisma.TransactionClient): Promise<RunningMeshResponse> {
  const prisma = db ?? (await getPrisma());
  const latest = await prisma.configVersion.findFirst({
    orderBy: { version: "desc" },
    select: { version: true, hash: true },
  });
  return { version: latest?.version ?? null, hash: latest?.hash ?? null, mesh: await loadMesh(prisma) };
}

/** The latest version's number; 0 before the first publish. */
export async function runningVersion(): Promise<number> {
  return latestVersionNumber(await getPrisma());
}
