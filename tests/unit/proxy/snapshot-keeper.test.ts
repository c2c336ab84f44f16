import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../lib/core/index.ts";
import type { ApplyResult } from "../../../proxy/config/active-config.ts";
import { SnapshotKeeper } from "../../../proxy/config/snapshot-keeper.ts";
import { validateSnapshot } from "../../../proxy/config/validate.ts";
import { createLogger } from "../../../proxy/log.ts";
import { eventually } from "../../helpers/ports.ts";
import { weightedSnapshot } from "../../helpers/snapshot-builder.ts";

const good = (version: number) => weightedSnapshot(version, "a.test", { "a/v1": 100 }, { "a/v1": 1 });

/** A keeper over a minimal accept (validate, take, count): what both proxy modes plug in. */
function keeperIn(stateDir: string | undefined) {
  let running: Snapshot | null = null;
  const accepted: number[] = [];
  const accept = (raw: unknown): ApplyResult => {
    const v = validateSnapshot(raw);
    if (!v.ok) return v;
    const unchanged = running?.version === v.snapshot.version;
    running = v.snapshot;
    accepted.push(v.snapshot.version);
    return { ok: true, version: v.snapshot.version, hash: v.snapshot.hash, unchanged };
  };
  const keeper = new SnapshotKeeper({ accept, running: () => running, stateDir, log: createLogger("silent") });
  return { keeper, accepted, running: () => running };
}

describe("SnapshotKeeper", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "signalbox-keeper-"));
    file = path.join(dir, "last-good-snapshot.json");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("remembers the last rejection and keeps it until another one", () => {
    const { keeper } = keeperIn(undefined);
    expect(keeper.lastError).toBeNull();
    expect(keeper.apply({ ...good(2), hash: "0".repeat(64) })).toMatchObject({ ok: false, version: 2 });
    expect(keeper.lastError).toMatchObject({ version: 2, error: expect.stringMatching(/hash mismatch/) });
    expect(keeper.apply(good(3))).toMatchObject({ ok: true });
    expect(keeper.lastError).toMatchObject({ version: 2 });
  });

  it("persists what it accepted under --state-dir", async () => {
    const { keeper } = keeperIn(dir);
    keeper.apply(good(4));
    await eventually(
      "the snapshot on disk",
      async () => (JSON.parse(await readFile(file, "utf8")) as Snapshot).version === 4,
    );
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(good(4));
  });

  it("loads the persisted snapshot while nothing runs", async () => {
    await writeFile(file, JSON.stringify(good(5)));
    const { keeper, accepted } = keeperIn(dir);
    await keeper.loadPersisted();
    expect(accepted).toEqual([5]);
  });

  it("does not load the persisted snapshot over a running one", async () => {
    const { keeper, accepted } = keeperIn(dir);
    keeper.apply(good(7));
    await eventually(
      "the snapshot on disk",
      async () => (JSON.parse(await readFile(file, "utf8")) as Snapshot).version === 7,
    );
    await writeFile(file, JSON.stringify(good(5)));
    await keeper.loadPersisted();
    expect(accepted).toEqual([7]);
  });

  it("leaves a rejected persisted snapshot out of lastError (no source sent it)", async () => {
    await writeFile(file, JSON.stringify({ ...good(6), hash: "0".repeat(64) }));
    const { keeper, running } = keeperIn(dir);
    await keeper.loadPersisted();
    expect(running()).toBeNull();
    expect(keeper.lastError).toBeNull();
  });
});
