import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Snapshot } from "../../lib/core/index.ts";

const FILE = "last-good-snapshot.json";

/** Persists the last applied snapshot so a restarted proxy can serve while the console is unreachable. */
export class StateStore {
  constructor(private readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, FILE);
  }

  /** Write-then-rename: a crash mid-write never leaves a truncated file behind. */
  async save(snapshot: Snapshot): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(snapshot));
    await rename(tmp, this.file);
  }

  async load(): Promise<unknown | null> {
    try {
      return JSON.parse(await readFile(this.file, "utf8")) as unknown;
    } catch {
      return null;
    }
  }
}
