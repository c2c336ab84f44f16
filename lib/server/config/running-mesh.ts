import "server-only";
/**
 * The running mesh, read from the normalized tables once per published version and then served from memory.
 * Loading a 500-service mesh through Prisma costs ~130 ms; every change view, dry run, approval and publish needs
 * it, several times per request before this memo existed.
 *
 * Why the memo cannot go stale: the mesh tables are written only by publishMesh, in the same transaction that
 * inserts the next config version. A config version's (version, hash, createdAt) therefore names exactly one
 * content of the tables. The memo is filled only (a) after a load whose head was the same before and after (no
 * publish committed in between) or (b) by a publisher after its transaction committed. The mesh is deep-frozen:
 * it is shared by every request of this process, and an accidental in-place edit must fail loudly, not leak.
 */
import type { MeshConfig } from "@/lib/core/index.ts";
import { loadMesh } from "@/lib/server/db/mesh-repository.ts";
import type { PrismaTx as Db } from "@/lib/server/db/prisma-factory.ts";

/** What identifies a committed state of the mesh tables; version 0 (nothing published) has no hash. */
export interface RunningHead {
  version: number;
  hash: string | null;
  createdAt: number | null;
}

export interface RunningMesh extends RunningHead {
  mesh: MeshConfig;
}

const g = globalThis as unknown as { __signalboxRunningMesh?: { key: string; mesh: MeshConfig } };

const keyOf = (h: RunningHead) => `${h.version}:${h.hash ?? ""}:${h.createdAt ?? ""}`;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export async function runningHead(db: Db): Promise<RunningHead> {
  const row = await db.configVersion.findFirst({
    orderBy: { version: "desc" },
    select: { version: true, hash: true, createdAt: true },
  });
  return row
    ? { version: row.version, hash: row.hash, createdAt: row.createdAt.getTime() }
    : { version: 0, hash: null, createdAt: null };
}

/** The latest version's head and the mesh the tables hold. Callers must not modify the mesh (it is frozen). */
export async function loadRunningMesh(db: Db): Promise<RunningMesh> {
  const head = await runningHead(db);
  const key = keyOf(head);
  const memo = g.__signalboxRunningMesh;
  if (memo?.key === key) return { ...head, mesh: memo.mesh };
  const mesh = await loadMesh(db);
  // A publish that committed while the tables were read makes this result a mix of two versions: serve it (as
  // every read without the publish lock could see), but do not remember it.
  if (keyOf(await runningHead(db)) === key) g.__signalboxRunningMesh = { key, mesh: deepFreeze(mesh) };
  return { ...head, mesh };
}

/** Called after the publishing transaction committed: the tables now hold `mesh` under `head`. */
export function rememberRunningMesh(head: RunningHead, mesh: MeshConfig): void {
  g.__signalboxRunningMesh = { key: keyOf(head), mesh: deepFreeze(mesh) };
}
