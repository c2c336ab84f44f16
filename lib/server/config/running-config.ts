import "server-only";
import type { RunningMeshResponse } from "@/lib/core/api/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getPrisma } from "@/lib/server/db/client.ts";
import { loadRunningMesh } from "./running-mesh.ts";
import { latestVersionNumber } from "./publish.ts";

/** The running config: the latest version's number and hash (null before the first publish) and the mesh. */
export async function runningConfig(db?: Prisma.TransactionClient): Promise<RunningMeshResponse> {
  const prisma = db ?? (await getPrisma());
  const running = await loadRunningMesh(prisma);
  return { version: running.hash === null ? null : running.version, hash: running.hash, mesh: running.mesh };
}

/** The latest version's number; 0 before the first publish. */
export async function runningVersion(): Promise<number> {
  return latestVersionNumber(await getPrisma());
}
