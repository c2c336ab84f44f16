/**
 * npm run db:migration:create -- NAME
 * Creates prisma/migrations/<timestamp>_NAME/migration.sql from the difference between the
 * committed migrations and prisma/schema.prisma, with the wasm schema engine (no native engine).
 *
 * Shadow database (where the engine replays the existing migrations):
 *  - SHADOW_DATABASE_URL, else DATABASE_URL: a throwaway database on that server (needs CREATEDB),
 *    dropped afterwards. The URL's own database is never modified.
 *  - neither set: an in-memory PGlite (slower, ~10 s, needs no server).
 */
import { PGlite } from "@electric-sql/pglite";
import type { MigrationTarget } from "../lib/server/db/migrations/migrate.ts";
import type { ShadowOption } from "../lib/server/db/migrations/migration-adapters.ts";
import { describeEngineError } from "../lib/server/db/migrations/schema-engine.ts";
import { createMigration } from "../lib/server/db/migrations/schema-diff.ts";

async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name || !/^[A-Za-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:migration:create -- NAME   (letters, digits, _)");
    return 2;
  }
  const serverUrl = process.env.SHADOW_DATABASE_URL || process.env.DATABASE_URL;
  const shadow: ShadowOption = serverUrl ? { kind: "server", url: serverUrl } : { kind: "pglite" };
  // The engine needs a database to connect to; it only reads from it. Never the user's embedded one.
  const scratch = serverUrl ? undefined : await PGlite.create();
  const engineDb: MigrationTarget = scratch ? { kind: "pglite", db: scratch } : { kind: "postgres", url: serverUrl! };
  try {
    const created = await createMigration(engineDb, shadow, name);
    if (!created) {
      console.log("No schema changes: prisma/schema.prisma matches the migrations. Nothing created.");
      return 0;
    }
    console.log(`Created ${created.dir}/migration.sql - review it, then run npm run db:migrate.`);
    return 0;
  } catch (error) {
    console.error(`Could not create the migration: ${describeEngineError(error)}`);
    return 1;
  } finally {
    await scratch?.close();
  }
}

// Exit explicitly: the wasm engine keeps the event loop alive for ~10 s after use.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
