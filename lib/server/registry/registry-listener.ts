import "server-only";
import pg from "pg";
import { getDatabaseInfo } from "@/lib/server/db/client.ts";
import { stableIndex } from "./registry-index.ts";
import { REGISTRY_NOTIFY_CHANNEL, registrySignal } from "./registry-signal.ts";

const g = globalThis as unknown as { __signalboxRegistryListener?: Promise<void> };
const INDEX_REREAD_MS = 5_000;

/**
 * Feeds registry NOTIFYs into the registry signal, so a registration on any console instance wakes the blocking
 * queries and endpoint polls held by this one. Its own connection, reconnected with backoff (notifications sent
 * while disconnected are lost, so it re-reads the index), like the config listener (lib/server/xds/change-listener.ts).
 * It also re-reads the index every INDEX_REREAD_MS: a console sends its NOTIFY after the commit (registry-notify.ts),
 * and one that dies in between would otherwise leave its last change unheard until the next one.
 */
export function startRegistryListener(): Promise<void> {
  return (g.__signalboxRegistryListener ??= start());
}

async function start(): Promise<void> {
  await stableIndex(); // publishes it
  const info = await getDatabaseInfo();
  if (info.kind === "pglite") {
    await info.db.listen(REGISTRY_NOTIFY_CHANNEL, (payload: string) => registrySignal.publish(Number(payload)));
    return;
  }
  void listenForever(info.url);
  setInterval(() => {
    // stableIndex() publishes what it reads.
    stableIndex().catch(() => undefined); // the database is away: the LISTEN loop reports it
  }, INDEX_REREAD_MS).unref();
}

async function listenForever(url: string): Promise<void> {
  let delay = 500;
  for (;;) {
    const client = new pg.Client({ connectionString: url, application_name: "signalbox-registry-listener" });
    try {
      const closed = new Promise<void>((resolve) => {
        client.on("error", () => resolve());
        client.on("end", () => resolve());
      });
      await client.connect();
      client.on("notification", (msg) => registrySignal.publish(Number(msg.payload)));
      await client.query(`LISTEN ${REGISTRY_NOTIFY_CHANNEL}`);
      delay = 500;
      await stableIndex(); // publishes it
      await closed;
      console.warn("[signalbox] registry LISTEN connection closed; reconnecting");
    } catch (error) {
      console.warn(
        `[signalbox] registry LISTEN failed (${error instanceof Error ? error.message : String(error)}); retrying in ${delay} ms`,
      );
    }
    await client.end().catch(() => undefined);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}
