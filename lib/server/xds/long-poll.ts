import "server-only";
import type { SnapshotPollQuery } from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import { recordAck, recordPoll, type Reporter } from "./proxies.ts";
import type { ProxyIdentity } from "./proxy-auth.ts";
import { stillValidBatched } from "./revocation-check.ts";
import { encodedSnapshot, type EncodedSnapshot } from "./snapshot-bytes.ts";
import { versionSignal } from "./version-signal.ts";
import { parseLabelList } from "@/lib/core/rollout/index.ts";
import { rolloutTargets } from "@/lib/server/rollouts/targets.ts";

/**
 * Answers at once when the version this proxy should run (its rollout target: the newest, or the one before it while
 * the newest is staged to other proxies) is newer than `query.version`; otherwise holds the request until a publish
 * or a rollout stage change gives it one, or the wait (shortened by up to 20% jitter, so a fleet does not re-poll in
 * lockstep) ends, and then answers null (304). Answers are encoded once per version (snapshot-bytes.ts). A credential
 * revoked while the request was held gets a 401, not the snapshot.
 */
export async function pollSnapshot(
  who: Reporter,
  identity: ProxyIdentity,
  query: SnapshotPollQuery,
  abort: AbortSignal,
): Promise<EncodedSnapshot | null> {
  // The heartbeat and, when the poll carries one, the ACK of the version the proxy applied: both batched writes,
  // committed before the poll is held or answered.
  await Promise.all([
    recordPoll(who, query.labels ? parseLabelList(query.labels) : {}),
    query.applied !== undefined && query.appliedHash !== undefined
      ? recordAck(who, { version: query.applied, hash: query.appliedHash }, { version: "applied", hash: "appliedHash" })
      : undefined,
  ]);
  // Once the console is ready the signal knows the newest committed version (read at start, then every publish and
  // NOTIFY): a fleet re-polling after a publish costs no database read here.
  const latest = versionSignal.newest || (await latestVersionNumber(await getPrisma()));
  const first = rolloutTargets.target(who.node, latest);
  if (first > query.version) return encodedSnapshot(first);
  const cap = env().SIGNALBOX_POLL_WAIT_MS;
  const deadline = Date.now() + Math.round(Math.min(query.waitMs ?? cap, cap) * (0.8 + Math.random() * 0.2));
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return null;
    // Held back from a staged version, the proxy waits for a newer one or for a stage change (a nudge).
    const woken = await versionSignal.wait(Math.max(query.version, versionSignal.newest), left, abort);
    if (woken === null || abort.aborted) return null;
    const target = rolloutTargets.target(who.node, Math.max(woken, versionSignal.newest));
    if (target <= query.version) continue;
    if (!(await stillValidBatched(identity))) throw unauthorized("The proxy credential was revoked");
    // The signal carries only committed versions (published after commit, or NOTIFY, which is transactional), so the
    // version it names is safe to serve without asking the database; the bytes are shared by every woken poll.
    return encodedSnapshot(target);
  }
}
