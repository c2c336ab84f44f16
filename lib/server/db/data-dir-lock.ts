/**
 * A lock file beside the embedded database directory (`<dir>.lock`, holding the owner's pid and host), because
 * PGlite does not lock its directory and two processes writing one database corrupt it. A lock whose process
 * is gone (a crash, a kill -9) is stale and taken over. No `import "server-only"`: scripts open PGlite too.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import os from "node:os";

const LOCKED = "DataDirLockedError";

/** By name, not instanceof: instrumentation and the route bundles may each hold their own copy of the class. */
export const isDataDirLocked = (error: unknown): error is DataDirLockedError =>
  error instanceof Error && error.name === LOCKED;

export class DataDirLockedError extends Error {
  constructor(dataDir: string, lockFile: string, owner: string) {
    super(
      `The embedded database ${dataDir} is in use by ${owner}. Stop that process first, or give this one another ` +
        `SIGNALBOX_DATA_DIR (or a DATABASE_URL). If no such process runs, delete ${lockFile}.`,
    );
    this.name = LOCKED;
  }
}

interface Owner {
  pid: number;
  host: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockFile: string): Owner | null {
  try {
    const parsed = JSON.parse(readFileSync(lockFile, "utf8")) as Partial<Owner>;
    return typeof parsed.pid === "number" && typeof parsed.host === "string"
      ? { pid: parsed.pid, host: parsed.host }
      : null;
  } catch {
    return null;
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Takes the lock or throws DataDirLockedError; returns the release function (also run at process exit). */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir.replace(/[/\\]+$/, "")}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, "wx", 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      const release = () => {
        process.off("exit", release);
        if (readOwner(lockFile)?.pid === process.pid) unlinkSync(lockFile);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(lockFile);
    // Unreadable and fresh: another process has just created it and is still writing its pid.
    if (!owner && Date.now() - mtimeMs(lockFile) < 10_000)
      throw new DataDirLockedError(dataDir, lockFile, "another process that is starting");
    // Another host's pid cannot be checked from here: treat it as live rather than risk two writers.
    if (owner && (owner.host !== os.hostname() || alive(owner.pid)) && owner.pid !== process.pid)
      throw new DataDirLockedError(dataDir, lockFile, `process ${owner.pid} on ${owner.host}`);
    try {
      unlinkSync(lockFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  throw new DataDirLockedError(dataDir, lockFile, "another process (the lock changed hands while starting)");
}
