import "server-only";
import { SnapshotConfigSchema, type Snapshot, type SnapshotPollQuery } from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import { recordPoll, type Reporter } from "./proxies.ts";
import { stillValid, type ProxyIdentity } from "./proxy-auth.ts";
import { versionSignal } from "./version-signal.ts";

async function loadSnapshot(version: number): Promise<Snapshot | null> {
  const prisma = await getPrisma();
  const row = await prisma.configVersion.findUnique({ where: { version } });
  if (!row) return null;
  return { version: row.version, hash: row.hash, config: SnapshotConfigSchema.parse(row.snapshot) };
}

/**
 * Answers at once when a version newer than `query.version` exists; otherwise holds the request until
 * one is published or the wait (shortened by up to 20% jitter, so a fleet does not re-poll in lockstep)
 * ends, and then answers null (304). A credential revoked while the request was held gets a 401, not the snapshot.
 */
export async function pollSnapshot(
  who: Reporter,
  identity: ProxyIdentity,
  query: SnapshotPollQuery,
  abort: AbortSignal,
): Promise<Snapshot | null> {
  const prisma = await getPrisma();
  await recordPoll(prisma, who);
  const latest = await latestVersionNumber(prisma);
  if (latest > query.version) return loadSnapshot(latest);
  const cap = env().SIGNALBOX_POLL_WAIT_MS;
  const wait = Math.min(query.waitMs ?? cap, cap);
  const woken = await versionSignal.wait(query.version, Math.round(wait * (0.8 + Math.random() * 0.2)), abort);
  if (woken === null || abort.aborted) return null;
  if (!(await stillValid(identity))) throw unauthorized("The proxy credential was revoked");
  // Re-read: the signal says "something newer", the database says what is newest.
  const newest = await latestVersionNumber(prisma);
  return newest > query.version ? loadSnapshot(newest) : null;
}
