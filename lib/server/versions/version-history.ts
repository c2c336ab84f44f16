import "server-only";
import { MeshConfigSchema, type MeshConfig } from "@/lib/core/index.ts";
import type { VersionListResponse } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { notFound } from "@/lib/server/http/errors.ts";

/** The newest 200 config versions, newest first, with the change and the person that produced each. */
export async function listVersions(): Promise<VersionListResponse> {
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
}

/** The mesh a version published; 404 when there is no such version. */
export async function versionMesh(version: number): Promise<MeshConfig> {
  const prisma = await getPrisma();
  const row = await prisma.configVersion.findUnique({ where: { version }, select: { mesh: true } });
  if (!row) throw notFound(`Config version ${version} does not exist`);
  return MeshConfigSchema.parse(row.mesh);
}
