/**
 * Interop promise: exporting the running config of one console and importing it into a fresh one
 * (through the ordinary review) reproduces it exactly — same mesh, same snapshot hash, same YAML bytes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../helpers/api-session.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

type Console = RunningProcess & { url: string };
const consoles: Console[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

async function freshConsole(seed: "demo" | "users"): Promise<Console> {
  const db = await createTestDatabaseUrl();
  let dataDir: string | undefined;
  if (db) cleanups.push(db.drop);
  else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sb-rt-"));
    dataDir = dir;
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  }
  const c = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_SEED: seed, SIGNALBOX_DEMO_BASE_PORT: String(testPort(19700)) },
  });
  consoles.push(c);
  return c;
}

let source: Console;
let target: Console;

beforeAll(async () => {
  source = await freshConsole("demo");
  target = await freshConsole("users");
});

afterAll(async () => {
  for (const c of consoles) await c.stop();
  for (const fn of cleanups) await fn();
});

describe("export → import into a fresh console", () => {
  it("reproduces the demo mesh exactly", async () => {
    const aliceA = await ApiSession.login(source.url, "alice", "alice-editor-pw");
    const exported = await aliceA.call("GET", "/api/export?format=istio");
    expect(exported.status).toBe(200);
    const yaml = exported.body as string;
    expect(yaml).toMatch(/^# Signalbox config version 1, sha256 [0-9a-f]{64}/);

    const alice = await ApiSession.login(target.url, "alice", "alice-editor-pw");
    const bob = await ApiSession.login(target.url, "bob", "bob-approver-pw");
    expect((await alice.call("GET", "/api/mesh")).body.mesh.services).toEqual([]);
    const imported = await alice.call("POST", "/api/import", { yaml, mode: "replace", title: "import from A" });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.documents.every((d: { status: string }) => d.status === "imported")).toBe(true);
    const changeId = imported.body.changeId as string;
    expect((await alice.call("POST", `/api/changes/${changeId}/submit`)).status).toBe(200);
    const approved = await bob.call("POST", `/api/changes/${changeId}/approve`, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const meshA = (await aliceA.call("GET", "/api/mesh")).body;
    const meshB = (await alice.call("GET", "/api/mesh")).body;
    expect(meshB.mesh).toEqual(meshA.mesh);
    expect(meshB.hash).toBe(meshA.hash);
    const reexported = await alice.call("GET", "/api/export?format=istio");
    expect(reexported.body).toBe(yaml);
  });

  it("reports an invalid document with its line and creates nothing", async () => {
    const alice = await ApiSession.login(target.url, "alice", "alice-editor-pw");
    const before = (await alice.call("GET", "/api/changes")).body.changes.length;
    const res = await alice.call("POST", "/api/import", {
      yaml: "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x\n",
    });
    expect(res.status).toBe(422);
    expect(res.body.ok).toBe(false);
    expect(res.body.documents[0].issues[0].line).toBeGreaterThan(0);
    expect((await alice.call("GET", "/api/changes")).body.changes.length).toBe(before);
  });
});
