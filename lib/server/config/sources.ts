import "server-only";
import { MeshConfigSchema, type MeshConfig } from "@/lib/core/index.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/server/http/errors.ts";
import { runningConfig } from "./running-config.ts";

type Tx = Prisma.TransactionClient;

export interface MeshSource {
  mesh: MeshConfig;
  version?: number;
  hash?: string;
  label: string;
}

/** The mesh an export or a diff is about: a config version, a change's proposal, or the running config. */
export async function meshSource(db: Tx, which: { version?: number; change?: string }): Promise<MeshSource> {
  if (which.version !== undefined) {
    const row = await db.configVersion.findUnique({ where: { version: which.version } });
    if (!row) throw notFound(`Config version ${which.version} does not exist`);
    return { mesh: MeshConfigSchema.parse(row.mesh), version: row.version, hash: row.hash, label: `v${row.version}` };
  }
  if (which.change !== undefined) {
    const row = await db.changeSet.findUnique({ where: { id: which.change } });
    if (!row) throw notFound(`Change ${which.change} does not exist`);
    return { mesh: MeshConfigSchema.parse(row.proposed), label: `change-${row.id.slice(0, 8)}` };
  }
  const running = await runningConfig(db);
  return {
    mesh: running.mesh,
    version: running.version ?? undefined,
    hash: running.hash ?? undefined,
    label: running.version !== null ? `v${running.version}` : "empty",
  };
}
