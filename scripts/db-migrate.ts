/**
 * npm run db:migrate — applies prisma/migrations to DATABASE_URL, or to the embedded PGlite in
 * SIGNALBOX_DATA_DIR (default .data/pglite) when DATABASE_URL is unset. Idempotent.
 * Do not run it against the embedded database while the console is running (PGlite is single-process).
 */
import type { PGlite } from "@electric-sql/pglite";
import { applyMigrations, type MigrationTarget } from "../lib/server/db/migrations/migrate.ts";
import { openPGlite, pgliteDataDir } from "../lib/server/db/pglite.ts";

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  let pglite: PGlite | undefined;
  let target: MigrationTarget;
  if (url) {
    target = { kind: "postgres", url };
  } else {
    console.log(`DATABASE_URL not set: migrating the embedded database in ${pgliteDataDir()}`);
    pglite = await openPGlite();
    target = { kind: "pglite", db: pglite };
  }
  try {
    const applied = await applyMigrations(target);
    console.log(
      applied.length === 0 ? "Database is up to date: no migration applied." : `Applied: ${applied.join(", ")}`,
    );
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await pglite?.close();
  }
}

// Exit explicitly: a process that called applyMigrations lingers ~10 s otherwise.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
