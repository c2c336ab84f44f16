import "server-only";
import type { MeshConfig } from "@/lib/core/index.ts";
import { API_ERRORS } from "@/lib/core/api/index.ts";
import { buildSnapshotNative, CompileCache } from "@/lib/core/compile/index.ts";
import { checkSnapshotConsistency } from "@/lib/core/snapshot/consistency.ts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { replaceMesh } from "@/lib/server/db/mesh-repository.ts";
import { audit } from "@/lib/server/audit/audit-log.ts";
import { HttpError } from "@/lib/server/http/errors.ts";
import { NOTIFY_CHANNEL } from "@/lib/server/xds/version-signal.ts";
import { loadRunningMesh, type RunningHead } from "./running-mesh.ts";

type Tx = Prisma.TransactionClient;

// Compile results of the last publish (lib/core/compile/compile-cache.ts): the next one recompiles only what changed.
const g = globalThis as unknown as { __signalboxCompileCache?: CompileCache };
const compileCache = (g.__signalboxCompileCache ??= new CompileCache());

// Any constant works; it only has to be the same in every console instance.
const PUBLISH_LOCK_KEY = 73_556_081;

export async function latestVersionNumber(db: Tx): Promise<number> {
  const row = await db.configVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
  return row?.version ?? 0;
}

/**
 * Serialises publishers across console instances until the caller's transaction ends: version numbers stay
 * dense and ordered, and whatever the caller checks after taking it (is the change still pending, is its base
 * still the running version) cannot be invalidated by another publish before it commits.
 */
export async function lockPublishing(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY}::bigint)`;
}

/**
 * Compiles `mesh`, checks the artefact, stores it as the next numbered version and makes it the
 * running config, all inside the caller's transaction. NOTIFY is transactional in PostgreSQL, so other
 * console instances wake only if the transaction commits. Only what differs from the running mesh is written
 * to the tables. After the caller's transaction commits, `rememberRunningMesh(published, mesh)` spares the next
 * reader the load of the tables.
 */
export async function publishMesh(
  tx: Tx,
  mesh: MeshConfig,
  by: { actorId: string | null; changeSetId: string | null },
): Promise<RunningHead & { hash: string }> {
  // Re-entrant: a caller that checked its preconditions under the lock already holds it.
  await lockPublishing(tx);
  const previous = await loadRunningMesh(tx);
  const version = previous.version + 1;
  const snapshot = await buildSnapshotNative(mesh, version, compileCache);
  const problems = checkSnapshotConsistency(snapshot.config);
  if (problems.length > 0) {
    throw new HttpError(
      API_ERRORS.INCONSISTENT_SNAPSHOT,
      `The compiled snapshot is inconsistent: ${problems[0]!.message}`,
      problems.map((p) => ({ path: p.path, message: p.message, code: p.code, severity: "error" as const })),
    );
  }
  // Set here (the column keeps milliseconds, as Date does): the head read back later equals the one returned.
  const createdAt = new Date();
  // Raw insert of the two documents as JSON text: Prisma's query compiler took ~110 ms to encode a 500-service
  // snapshot and mesh as parameters; JSON.stringify takes ~3.
  await tx.$executeRaw`INSERT INTO config_versions (version, hash, snapshot, mesh, change_set_id, created_by_id, created_at)
    VALUES (${version}, ${snapshot.hash}, ${JSON.stringify(snapshot.config)}::jsonb, ${JSON.stringify(mesh)}::jsonb,
            ${by.changeSetId}, ${by.actorId}, ${createdAt})`;
  await replaceMesh(tx, mesh, previous.mesh);
  await audit(tx, {
    actorId: by.actorId,
    action: "config.published",
    entityType: "config_version",
    entityId: String(version),
    details: { hash: snapshot.hash, changeSetId: by.changeSetId },
  });
  await tx.$executeRaw`SELECT pg_notify(${NOTIFY_CHANNEL}, ${String(version)})`;
  return { version, hash: snapshot.hash, createdAt: createdAt.getTime() };
}
