import "server-only";
import pg from "pg";
import { getDatabaseInfo, getPrisma } from "@/lib/server/db/client.ts";
import { latestVersionNumber } from "@/lib/server/config/publish.ts";
import { signalVersion } from "@/lib/server/rollouts/targets.ts";
import { SECRETS_NOTIFY_CHANNEL, secretsSignal } from "@/lib/server/security/secrets-signal.ts";
import { NOTIFY_CHANNEL } from "./version-signal.ts";

const g = globalThis as unknown as { __signalboxListener?: Promise<void> };

/**
 * Feeds PostgreSQL NOTIFY into the version signal (after re-reading the staged rollouts a notification may announce)
 * and the secrets signal, so a publish (or a TLS secret or CA change) by any console instance wakes the long-polls
 * held by this one. LISTEN needs its own connection (not Prisma's pool), and keeping it
 * alive is our job: on any error it reconnects with backoff and re-reads the latest version, because
 * notifications sent while disconnected are lost.
 */
export function startChangeListener(): Promise<void> {
  return (g.__signalboxListener ??= start());
}

async function start(): Promise<void> {
  const prisma = await getPrisma();
  await signalVersion(await latestVersionNumber(prisma));
  const info = await getDatabaseInfo();
  if (info.kind === "pglite") {
    await info.db.listen(NOTIFY_CHANNEL, (payload: string) => void signalVersion(Number(payload)));
    await info.db.listen(SECRETS_NOTIFY_CHANNEL, () => secretsSignal.bump());
    return;
  }
  void listenForever(info.url);
}

async function listenForever(url: string): Promise<void> {
  let delay = 500;
  for (;;) {
    const client = new pg.Client({ connectionString: url, application_name: "signalbox-listener" });
    try {
      const closed = new Promise<void>((resolve) => {
        client.on("error", () => resolve());
        client.on("end", () => resolve());
      });
      await client.connect();
      client.on("notification", (msg) =>
        msg.channel === SECRETS_NOTIFY_CHANNEL ? secretsSignal.bump() : void signalVersion(Number(msg.payload)),
      );
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      await client.query(`LISTEN ${SECRETS_NOTIFY_CHANNEL}`);
      delay = 500;
      const prisma = await getPrisma();
      await signalVersion(await latestVersionNumber(prisma));
      // Secret changes notified while disconnected are lost: let every held secrets poll look again.
      secretsSignal.bump();
      await closed;
      console.warn("[signalbox] LISTEN connection closed; reconnecting");
    } catch (error) {
      console.warn(
        `[signalbox] LISTEN failed (${error instanceof Error ? error.message : String(error)}); retrying in ${delay} ms`,
      );
    }
    await client.end().catch(() => undefined);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}
