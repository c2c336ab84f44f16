/**
 * Issue 9, item 16: the embedded database directory is locked. A second console on the same directory stops
 * with a clear message instead of opening it too; a lock left by a dead process is taken over.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/ports.ts";
import { startConsole, type RunningProcess } from "../helpers/processes.ts";

const root = mkdtempSync(path.join(os.tmpdir(), "sb-sec-lock-"));
const dataDir = path.join(root, "pglite");
const running: RunningProcess[] = [];

afterAll(async () => {
  for (const p of running) await p.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("the embedded database lock", () => {
  it(
    "stops a second console on the same directory with a message naming the first one's pid",
    { timeout: 150_000 },
    async () => {
      const first = await startConsole({ port: await freePort(), dataDir });
      running.push(first);
      const second = startConsole({ port: await freePort(), dataDir });
      await expect(second).rejects.toThrow(/The embedded database .* is in use by process \d+/);
      await expect(second).rejects.toThrow(/console exited/);
      // The first one is unharmed.
      expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
      await first.stop();
    },
  );

  it("takes over a lock left by a process that no longer runs", async () => {
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname() }));
    const again = await startConsole({ port: await freePort(), dataDir });
    running.push(again);
    expect((await fetch(`${again.url}/api/health`)).status).toBe(200);
  });
});
