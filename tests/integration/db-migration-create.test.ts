/**
 * Creating a migration from a schema change (what `npm run db:migration:create NAME` does), in a
 * copy of prisma/ so the repository is untouched. The shadow database is a throwaway database on
 * TEST_DATABASE_URL's server, or an in-memory PGlite.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/server/db/migrations/migrate.ts";
import type { ShadowOption } from "../../lib/server/db/migrations/migration-adapters.ts";
import { createMigration, diffDatabaseToSchema } from "../../lib/server/db/migrations/schema-diff.ts";
import { createEmptyDatabase, testServerUrl, type EmptyDatabase } from "../helpers/test-database.ts";

let db: EmptyDatabase | undefined;
let root: string | undefined;

afterEach(async () => {
  await db?.drop();
  db = undefined;
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

describe("migration creation", () => {
  it("writes nothing when the schema matches, and a new applicable migration after a change", async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "signalbox-create-"));
    await cp(path.join(process.cwd(), "prisma"), path.join(root, "prisma"), { recursive: true });
    db = await createEmptyDatabase();
    const serverUrl = testServerUrl();
    const shadow: ShadowOption = serverUrl ? { kind: "server", url: serverUrl } : { kind: "pglite" };

    expect(await createMigration(db.target, shadow, "noop", root)).toBeNull();

    const schemaPath = path.join(root, "prisma", "schema.prisma");
    const extra = `\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  text String\n\n  @@map("notes")\n}\n`;
    await writeFile(schemaPath, (await readFile(schemaPath, "utf8")) + extra);
    const created = await createMigration(db.target, shadow, "add_notes", root);
    expect(created?.name).toMatch(/^\d{14}_add_notes$/);
    const sql = await readFile(path.join(created!.dir, "migration.sql"), "utf8");
    expect(sql).toContain(`CREATE TABLE "notes"`);
    expect(sql).not.toContain("audit_log"); // only the difference, not a replay of init

    const all = (await readdir(path.join(root, "prisma", "migrations"))).filter((n) => !n.endsWith(".toml")).sort();
    expect(await applyMigrations(db.target, { root })).toEqual(all);
    expect(await diffDatabaseToSchema(db.target, root)).toBe("");
  });
});
