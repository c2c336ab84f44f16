/**
 * Opening the embedded PGlite database. No `import "server-only"`: scripts use it too.
 * PGlite does not lock its directory, so a lock file beside it does (lib/server/db/data-dir-lock.ts): a
 * second process on the same directory stops with a clear message instead of corrupting the database.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { lockDataDir } from "./data-dir-lock.ts";

/** SIGNALBOX_DATA_DIR, else <cwd>/.data/pglite. */
export function pgliteDataDir(): string {
  return process.env.SIGNALBOX_DATA_DIR || path.join(process.cwd(), ".data", "pglite");
}

/** Opens the database under its lock; `close()` releases the lock too. */
export async function openPGlite(dataDir = pgliteDataDir()): Promise<PGlite> {
  await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  const release = lockDataDir(path.resolve(dataDir));
  try {
    await mkdir(dataDir, { recursive: true });
    const db = await PGlite.create({ dataDir });
    const close = db.close.bind(db);
    db.close = async () => {
      try {
        await close();
      } finally {
        release();
      }
    };
    return db;
  } catch (error) {
    release();
    throw error;
  }
}
