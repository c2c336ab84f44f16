/**
 * Per-test databases. With TEST_DATABASE_URL (a local PostgreSQL with CREATEDB): a fresh database
 * signalbox_t_<random> on that server, migrated, dropped WITH (FORCE) by drop(). Without it: an
 * embedded PGlite in a temp dir, restored from a pre-migrated snapshot (~0.5 s instead of initdb
 * plus migrations); the snapshot is cached in the OS temp dir, keyed by the migrations' content.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { withDatabase } from "../../lib/server/db/migrations/migration-adapters.ts";
import { applyMigrations, type MigrationTarget } from "../../lib/server/db/migrations/migrate.ts";
import { projectPaths, readMigrationsList } from "../../lib/server/db/migrations/migrations-dir.ts";
import { createPrismaClient, type PrismaClient } from "../../lib/server/db/prisma-factory.ts";

export interface TestDatabase {
  /** Set for a real server; undefined for PGlite. */
  url?: string;
  /** The PGlite instance when no server is used. */
  pglite?: PGlite;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** TEST_DATABASE_URL, refusing anything but a local server: tests create and drop databases. */
export function testServerUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return null;
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host))
    throw new Error(`TEST_DATABASE_URL must point at a local server (127.0.0.1, localhost or ::1), not "${host}"`);
  return url;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database on TEST_DATABASE_URL's server, for tests that start a console process; null without a server. */
export async function createTestDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const serverUrl = testServerUrl();
  if (!serverUrl) return null;
  const name = `signalbox_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  const drop = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await applyMigrations({ kind: "postgres", url });
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, drop };
}

async function templatePath(kind: "empty" | "migrated"): Promise<string> {
  const hash = createHash("sha256");
  // A PGlite upgrade changes the on-disk format; new migrations change the migrated template.
  hash.update(await readFile(path.join(process.cwd(), "node_modules", "@electric-sql", "pglite", "package.json")));
  if (kind === "migrated") {
    const list = await readMigrationsList(projectPaths().migrationsDir);
    for (const d of list.migrationDirectories) hash.update(`${d.path}\0${d.migrationFile.content.value}\0`);
  }
  return path.join(os.tmpdir(), `signalbox-pglite-${kind}-${hash.digest("hex").slice(0, 16)}.tar.gz`);
}

/**
 * A PGlite data-dir dump (fresh initdb, or migrated), built once and shared by test files and
 * runs: initdb costs 2.5 s or more, restoring a dump about 0.5 s.
 */
async function pgliteTemplate(kind: "empty" | "migrated"): Promise<Blob> {
  const file = await templatePath(kind);
  const cached = await readFile(file).catch(() => null);
  if (cached) return new Blob([cached]);
  const db = await PGlite.create();
  try {
    if (kind === "migrated") await applyMigrations({ kind: "pglite", db });
    const dump = await db.dumpDataDir("gzip");
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, file); // atomic: parallel workers never read a half-written dump
    return dump;
  } finally {
    await db.close();
  }
}

async function createPGliteDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "signalbox-test-pglite-"));
  const pglite = await PGlite.create({ dataDir, loadDataDir: await pgliteTemplate("migrated") });
  const prisma = createPrismaClient({ kind: "pglite", db: pglite });
  return {
    pglite,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await pglite.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = await createTestDatabaseUrl();
  if (!server) return createPGliteDatabase();
  const prisma = createPrismaClient({ kind: "postgres", url: server.url });
  return {
    url: server.url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await server.drop();
    },
  };
}

export interface EmptyDatabase {
  target: MigrationTarget;
  /** Raw SQL on the same database (rows as objects). */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  drop(): Promise<void>;
}

/** A database with no schema at all, for migration tests: a new server database or an in-memory PGlite. */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const serverUrl = testServerUrl();
  if (!serverUrl) {
    const db = await PGlite.create({ loadDataDir: await pgliteTemplate("empty") });
    return {
      target: { kind: "pglite", db },
      query: async <T>(sql: string) => (await db.query<T>(sql)).rows,
      drop: () => db.close(),
    };
  }
  const name = `signalbox_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = withDatabase(serverUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    target: { kind: "postgres", url },
    query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
    async drop() {
      await client.end();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
