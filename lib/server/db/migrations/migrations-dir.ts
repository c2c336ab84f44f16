/**
 * Reads prisma/migrations and prisma/schema.prisma into the shapes the schema engine expects,
 * exactly as Prisma's CLI builds them (so checksums and ordering match `prisma migrate deploy`).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import type { SchemaFile } from "./schema-engine.ts";

export const LOCKFILE_NAME = "migration_lock.toml";

/** Project paths from process.cwd(): the console, the scripts and the tests all run from the repo root. */
export function projectPaths(root = process.cwd()) {
  return {
    root,
    schema: path.join(root, "prisma", "schema.prisma"),
    migrationsDir: path.join(root, "prisma", "migrations"),
  };
}

export async function readMigrationsList(baseDir: string, shadowDbInitScript = ""): Promise<MigrationList> {
  const lockContent = await readFile(path.join(baseDir, LOCKFILE_NAME), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const dirs = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => {
        const content = await readFile(path.join(baseDir, e.name, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (err: Error) => ({ tag: "error" as const, value: err.message }),
        );
        return { path: e.name, migrationFile: { path: "migration.sql", content } };
      }),
  );
  // Prisma sorts with localeCompare; timestamps make that the chronological order.
  dirs.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir,
    lockfile: { path: LOCKFILE_NAME, content: lockContent },
    migrationDirectories: dirs,
    shadowDbInitScript,
  };
}

export async function readSchemaFiles(schemaPath: string): Promise<SchemaFile[]> {
  return [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }];
}

export const NO_FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };
