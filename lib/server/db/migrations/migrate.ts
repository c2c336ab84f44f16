/**
 * Applies the committed migrations (prisma/migrations) at start, through Prisma's schema engine
 * compiled to WebAssembly: same `_prisma_migrations` rows, checksums and P3009 refusal as
 * `prisma migrate deploy` with the native engine, which therefore stays usable on the same db.
 *
 * No `import "server-only"`: scripts/db-migrate.ts runs this under plain Node (tsx).
 */
import type { PGlite } from "@electric-sql/pglite";
import {
  pgliteMigrationFactory,
  pgMigrationFactory,
  type ClosableFactory,
  type ShadowOption,
} from "./migration-adapters.ts";
import { NO_FILTERS, projectPaths, readMigrationsList, readSchemaFiles } from "./migrations-dir.ts";
import { describeEngineError, withSchemaEngine } from "./schema-engine.ts";

/** Where to migrate: a PostgreSQL server database, or an open embedded PGlite. */
export type MigrationTarget = { kind: "postgres"; url: string } | { kind: "pglite"; db: PGlite };

interface MigrateOptions {
  /** Repository root holding prisma/ (default process.cwd()). */
  root?: string;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export function migrationFactory(target: MigrationTarget, shadow: ShadowOption = { kind: "none" }): ClosableFactory {
  return target.kind === "postgres"
    ? pgMigrationFactory(target.url, shadow)
    : pgliteMigrationFactory(target.db, shadow);
}

/**
 * Applies every migration not yet recorded; returns the names applied (empty when up to date).
 * Refuses, like Prisma (P3009), while a failed migration is recorded: fix it, then mark it rolled
 * back (`prisma migrate resolve --rolled-back NAME` or `markMigrationRolledBack`).
 */
export async function applyMigrations(target: MigrationTarget, options: MigrateOptions = {}): Promise<string[]> {
  const paths = projectPaths(options.root);
  const [schemaFiles, migrationsList] = await Promise.all([
    readSchemaFiles(paths.schema),
    readMigrationsList(paths.migrationsDir),
  ]);
  if (migrationsList.migrationDirectories.length === 0)
    throw new MigrationError(`no migrations found in ${paths.migrationsDir}`);
  try {
    return await withSchemaEngine(migrationFactory(target), schemaFiles, async (engine) => {
      const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      return out.appliedMigrationNames;
    });
  } catch (error) {
    throw new MigrationError(`database migration failed: ${describeEngineError(error)}`, { cause: error });
  }
}

/** Marks a failed migration as rolled back so a fixed version can be applied (prisma migrate resolve). */
export async function markMigrationRolledBack(
  target: MigrationTarget,
  migrationName: string,
  options: MigrateOptions = {},
): Promise<void> {
  const schemaFiles = await readSchemaFiles(projectPaths(options.root).schema);
  await withSchemaEngine(migrationFactory(target), schemaFiles, (engine) =>
    engine.markMigrationRolledBack({ migrationName }),
  );
}
