/**
 * Migrations through the wasm schema engine, on PostgreSQL (TEST_DATABASE_URL) or PGlite.
 */
import { createHash } from "node:crypto";
import { cp, mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, markMigrationRolledBack, MigrationError } from "../../lib/server/db/migrations/migrate.ts";
import { diffDatabaseToSchema } from "../../lib/server/db/migrations/schema-diff.ts";
import { createEmptyDatabase, type EmptyDatabase } from "../helpers/test-database.ts";

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const migrationsDir = path.join(process.cwd(), "prisma", "migrations");
let db: EmptyDatabase | undefined;
let tmpRoot: string | undefined;

afterEach(async () => {
  await db?.drop();
  db = undefined;
  if (tmpRoot) await rm(tmpRoot, { recursive: true, force: true });
  tmpRoot = undefined;
});

async function committedMigrations(): Promise<string[]> {
  return (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

const rows = (d: EmptyDatabase) =>
  d.query<MigrationRow>(`SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name`);

describe("migrations", () => {
  it("apply on an empty database, record Prisma's rows, and are idempotent", async () => {
    db = await createEmptyDatabase();
    const names = await committedMigrations();
    expect(await applyMigrations(db.target)).toEqual(names);
    expect(await applyMigrations(db.target)).toEqual([]);

    const recorded = await rows(db);
    expect(recorded.map((r) => r.migration_name)).toEqual(names);
    for (const row of recorded) {
      const sql = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("leave no drift between the database and prisma/schema.prisma", async () => {
    db = await createEmptyDatabase();
    await applyMigrations(db.target);
    expect(await diffDatabaseToSchema(db.target)).toBe("");
  });

  it("roll back a failing migration atomically and refuse to continue until it is resolved (P3009)", async () => {
    db = await createEmptyDatabase();
    tmpRoot = await mkdtemp(path.join(os.tmpdir(), "signalbox-mig-"));
    await cp(path.join(process.cwd(), "prisma"), path.join(tmpRoot, "prisma"), { recursive: true });
    const broken = path.join(tmpRoot, "prisma", "migrations", "29990101000000_broken");
    await mkdir(broken);
    // A dollar-quoted body with `;` inside, then a failure: checks both script traps at once.
    const body = `CREATE TABLE "half_done" ("id" INTEGER);\nCREATE FUNCTION "f"() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;\nSELECT 1/0;\n`;
    await writeFile(path.join(broken, "migration.sql"), body);

    await expect(applyMigrations(db.target, { root: tmpRoot })).rejects.toBeInstanceOf(MigrationError);
    const tables = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'half_done'`,
    );
    expect(tables[0]!.n).toBe(0);
    const failed = (await rows(db)).find((r) => r.migration_name === "29990101000000_broken")!;
    expect(failed.finished_at).toBeNull();
    expect(failed.logs).toContain("division by zero");

    await expect(applyMigrations(db.target, { root: tmpRoot })).rejects.toThrow(/P3009|failed migrations/);

    await writeFile(path.join(broken, "migration.sql"), body.replace("SELECT 1/0;\n", ""));
    await markMigrationRolledBack(db.target, "29990101000000_broken", { root: tmpRoot });
    expect(await applyMigrations(db.target, { root: tmpRoot })).toEqual(["29990101000000_broken"]);
    const fn = await db.query<{ v: number }>(`SELECT "f"() AS v`);
    expect(fn[0]!.v).toBe(1);
  });
});
