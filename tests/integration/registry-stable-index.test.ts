/**
 * The registry index a reader is given never skips a change that commits late (lib/server/registry/registry-index.ts).
 * Two registrations on real PostgreSQL commit out of event-id order: the one with the lower id is held open (its
 * instance row is locked by this test) while one with a higher id commits. A Consul read (the same code the
 * catalog and health endpoints answer with) must then answer with both changes, never with the higher index alone:
 * a blocking query holding that index would otherwise never wake for the held change.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistrationSchema } from "@/lib/core/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { createTestDatabaseUrl, testServerUrl } from "../helpers/test-database.ts";

type Store = typeof import("@/lib/server/registry/registry-store.ts");
type Queries = typeof import("@/lib/server/registry/registry-queries.ts");

const actor = { name: "test", source: "api", tokenId: null } as const;
const registration = (id: string, port: number, withCheck: boolean) =>
  RegistrationSchema.parse({
    id,
    service: "reviews",
    address: "127.0.0.1",
    port,
    checks: withCheck ? [{ id: `${id}-ttl`, name: "ttl", kind: "ttl", ttlMs: 60_000, status: "passing" }] : [],
  });

describe.skipIf(!testServerUrl())("registry index with commits out of event-id order (PostgreSQL)", () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let queries: Queries;
  /** Holds the row lock; `observer` looks at pg_stat_activity (which a transaction sees frozen at its first read). */
  let holder: pg.Client;
  let observer: pg.Client;

  beforeAll(async () => {
    db = (await createTestDatabaseUrl())!;
    process.env.DATABASE_URL = db.url;
    store = await import("@/lib/server/registry/registry-store.ts");
    queries = await import("@/lib/server/registry/registry-queries.ts");
    holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    observer = new pg.Client({ connectionString: db.url });
    await observer.connect();
  });

  afterAll(async () => {
    await holder?.end();
    await observer?.end();
    const { closePrisma } = await import("@/lib/server/db/client.ts");
    await closePrisma();
    await db?.drop();
  });

  /** Backends of this database waiting on a lock of the given kind (`tuple`/`transactionid`, or `advisory`). */
  async function waiting(kind: "row" | "advisory"): Promise<number> {
    const events = kind === "advisory" ? ["advisory"] : ["tuple", "transactionid"];
    const { rows } = await observer.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = ANY($1)`,
      [events],
    );
    return Number(rows[0]!.n);
  }

  it("a read taken while the lower id is in flight waits for it, and answers with both changes", async () => {
    await store.registerInstance(registration("held", 9001, false), actor);
    // The lower id: a registration whose transaction takes its event id, then waits for the instance row we lock.
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM registry_instances WHERE id = 'held' FOR UPDATE");
    const held = store.registerInstance(registration("held", 9002, true), actor);
    await eventually("the held registration to wait for the row lock", async () => (await waiting("row")) > 0, 20_000);
    // The higher id commits first.
    const { index: later } = await store.registerInstance(registration("later", 9003, false), actor);

    // A Consul read now: it must not answer `later` without the held change.
    const read = queries.listInstances("reviews");
    const first = await Promise.race([
      read.then(() => "answered" as const),
      eventually("the read to wait for the writer in flight", async () => (await waiting("advisory")) > 0, 20_000).then(
        () => "waiting" as const,
      ),
    ]);
    if (first === "answered") {
      // Only acceptable if the answer already holds the held change (it cannot: its transaction is still open).
      const early = await read;
      expect(early.instances.find((i) => i.id === "held")?.port).toBe(9002);
    }
    await holder.query("COMMIT");
    const { index: heldIndex } = await held;
    expect(heldIndex).toBeLessThan(later);

    const answer = await read;
    expect(answer.index).toBeGreaterThanOrEqual(later);
    expect(answer.instances.find((i) => i.id === "held")?.port).toBe(9002);
    expect(answer.instances.find((i) => i.id === "later")?.port).toBe(9003);
  });
});
