import "server-only";
import type { SnapshotPollQuery } from "@/lib/core/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { env } from "@/lib/server/env.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { unauthorized } from "@/lib/server/http/errors.ts";
import { recordPoll, type Reporter } from "./proxies.ts";
import type { ProxyIdentity } from "./proxy-auth.ts";
import { stillValidBatched } from "./revocation-check.ts";
import { encodedSnapshot, type EncodedSnapshot } from "./snapshot-bytes.ts";
import { versionSignal } from "./version-signal.ts";

/**
 * Answers at once when a version newer than `query.version` exists; otherwise holds the request until
 * one is published or the wait (shortened by up to 20% jitter, so a fleet does not re-poll in lockstep)
 * ends, and then answers null (304). Answers are encoded once per version (snapshot-bytes.ts). A credential revoked while the request was held gets a 401, not the snapshot.
 */
export async function pollSnapshot(
  who: Reporter,
  identity: ProxyIdentity,
  query: SnapshotPollQuery,
  abort: AbortSignal,
): Promise<EncodedSnapshot | null> {
  await recordPoll(who);
  // Once the console is ready the signal knows the newest committed version (read at start, then every publish and
  // NOTIFY): a fleet re-polling after a publish costs no database read here.
  const latest = versionSignal.newest || (await latestVersionNumber(await getPrisma()));
  if (latest > query.version) return encodedSnapshot(latest);
  const cap = env().SIGNALBOX_POLL_WAIT_MS;
  const wait = Math.min(query.waitMs ?? cap, cap);
  const woken = await versionSignal.wait(query.version, Math.round(wait * (0.8 + Math.random() * 0.2)), abort);
  if (woken === null || abort.aborted) return null;
  if (!(await stillValidBatched(identity))) throw unauthorized("The proxy credential was revoked");
  // The signal carries only committed versions (published after commit, or NOTIFY, which is transactional), so the
  // newest it knows is safe to serve without asking the database; the bytes are shared by every woken poll.
  return encodedSnapshot(Math.max(woken, versionSignal.newest));
}
