import "server-only";
import { API_ERRORS, type SimulateResponse, type User } from "@/lib/core/api/index.ts";
import type { SimulatedRequest, SimulateSource } from "@/lib/core/api/simulate.ts";
import { compileMesh } from "@/lib/core/compile/index.ts";
import { contentHash, MeshConfigSchema, SnapshotConfigSchema, type SnapshotConfig } from "@/lib/core/index.ts";
import { simulate } from "@/lib/core/simulate/index.ts";
import { checkSnapshotConsistency } from "@/lib/core/snapshot/consistency.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { HttpError, notFound } from "@/lib/server/http/errors.ts";

type ConfigInfo = SimulateResponse["config"];

/** The snapshot proxies run: the latest published version's, exactly as stored and served by the long-poll. */
export async function publishedConfig(): Promise<{ config: SnapshotConfig; info: ConfigInfo }> {
  const prisma = await getPrisma();
  const row = await prisma.configVersion.findFirst({
    orderBy: { version: "desc" },
    select: { version: true, hash: true, snapshot: true },
  });
  if (!row) throw notFound("No config version has been published yet: there is nothing running to simulate");
  const info = { source: "published" as const, version: row.version, hash: row.hash, changeId: null, revision: null };
  return { config: SnapshotConfigSchema.parse(row.snapshot), info };
}

/**
 * The caller's open draft (the one GET /api/changes/draft returns, as last saved), compiled by the compiler that
 * publishes, and refused as publishing would refuse it when the snapshot is inconsistent.
 */
export async function draftConfig(user: User): Promise<{ config: SnapshotConfig; info: ConfigInfo }> {
  const prisma = await getPrisma();
  const row = await prisma.changeSet.findFirst({
    where: { authorId: user.id, status: "DRAFT" },
    orderBy: { updatedAt: "desc" },
    select: { id: true, baseVersion: true, revision: true, proposed: true },
  });
  if (!row) throw notFound("You have no open draft: edit something first, or simulate against the published config");
  const config = compileMesh(MeshConfigSchema.parse(row.proposed));
  const problems = checkSnapshotConsistency(config);
  if (problems.length > 0) {
    const issues = problems.map((p) => ({
      path: p.path,
      message: p.message,
      code: p.code,
      severity: "error" as const,
    }));
    throw new HttpError(
      API_ERRORS.INCONSISTENT_SNAPSHOT,
      `The draft compiles to an inconsistent snapshot: ${problems[0]!.message}`,
      issues,
    );
  }
  const info = {
    source: "draft" as const,
    version: row.baseVersion,
    hash: contentHash(config),
    changeId: row.id,
    revision: row.revision,
  };
  return { config, info };
}

/** POST /api/simulate: where the request would go under the running config or the caller's draft, and why. */
export async function simulateRequest(
  user: User,
  input: SimulatedRequest & { source: SimulateSource },
): Promise<SimulateResponse> {
  const { source, ...request } = input;
  const { config, info } = source === "draft" ? await draftConfig(user) : await publishedConfig();
  return { ...simulate(config, request), config: info };
}
