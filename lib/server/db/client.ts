import "server-only";
/**
 * The process-wide Prisma client. With DATABASE_URL: PostgreSQL through @prisma/adapter-pg.
 * Without: embedded PGlite in SIGNALBOX_DATA_DIR (default <cwd>/.data/pglite), which only one
 * process may open. Pending migrations are applied once, before the first client is handed out.
 * State lives on globalThis so Next.js dev reloads do not open a second client (or PGlite).
 */
import type { PGlite } from "@electric-sql/pglite";
import { applyMigrations } from "./migrations/migrate.ts";
import { openPGlite, pgliteDataDir } from "./pglite.ts";
import { createPrismaClient, type DbConnection, type PrismaClient } from "./prisma-factory.ts";

export type { PrismaClient };

/** What the app needs to LISTEN: a pg connection string (use one dedicated pg.Client) or PGlite's `listen`. */
export type DatabaseInfo = { kind: "postgres"; url: string } | { kind: "pglite"; db: PGlite; dataDir: string };

interface OpenDatabase {
  prisma: PrismaClient;
  info: DatabaseInfo;
}

const stateKey = Symbol.for("signalbox.db");
type GlobalWithDb = typeof globalThis & { [stateKey]?: Promise<OpenDatabase> };
const g = globalThis as GlobalWithDb;

async function open(): Promise<OpenDatabase> {
  const url = process.env.DATABASE_URL;
  let info: DatabaseInfo;
  let connection: DbConnection;
  if (url) {
    info = { kind: "postgres", url };
    connection = info;
  } else {
    const dataDir = pgliteDataDir();
    const db = await openPGlite(dataDir);
    info = { kind: "pglite", db, dataDir };
    connection = { kind: "pglite", db };
  }
  try {
    await applyMigrations(connection);
  } catch (error) {
    if (info.kind === "pglite") await info.db.close().catch(() => {});
    throw error;
  }
  return { prisma: createPrismaClient(connection), info };
}

function ensureOpen(): Promise<OpenDatabase> {
  if (!g[stateKey]) {
    const opening = open();
    g[stateKey] = opening;
    // A failed start (db down, failed migration) must not be cached forever: the next call retries.
    opening.catch(() => {
      if (g[stateKey] === opening) delete g[stateKey];
    });
  }
  return g[stateKey];
}

/** The shared client; migrations are applied before the first one is returned. */
export async function getPrisma(): Promise<PrismaClient> {
  return (await ensureOpen()).prisma;
}

/** The underlying database, for LISTEN/NOTIFY (pg) or PGlite's in-process `listen`. */
export async function getDatabaseInfo(): Promise<DatabaseInfo> {
  return (await ensureOpen()).info;
}

/** Disconnects Prisma and closes PGlite (flushes it to disk). Call on SIGTERM/SIGINT. */
export async function closePrisma(): Promise<void> {
  const opening = g[stateKey];
  if (!opening) return;
  delete g[stateKey];
  const db = await opening.catch(() => undefined);
  if (!db) return;
  await db.prisma.$disconnect();
  if (db.info.kind === "pglite") await db.info.db.close();
}
