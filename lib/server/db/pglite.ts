/**
 * Opening the embedded PGlite database. No `import "server-only"`: scripts use it too.
 * PGlite does not lock its directory: only one process may open it at a time.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

/** SIGNALBOX_DATA_DIR, else <cwd>/.data/pglite. */
export function pgliteDataDir(): string {
  return process.env.SIGNALBOX_DATA_DIR || path.join(process.cwd(), ".data", "pglite");
}

export async function openPGlite(dataDir = pgliteDataDir()): Promise<PGlite> {
  await mkdir(dataDir, { recursive: true });
  return PGlite.create({ dataDir });
}
