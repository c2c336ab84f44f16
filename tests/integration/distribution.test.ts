/**
 * Config distribution against the real console: long-poll hold and wake, 304 after the wait, ACK/NACK
 * bookkeeping, and — on a real PostgreSQL — a publish on one console instance waking a long-poll held
 * by another (LISTEN/NOTIFY). With PGlite (one process only) both roles are played by one instance.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../helpers/api-session.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { PROXY_TOKEN, startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

type Console = RunningProcess & { url: string };
let a: Console;
let b: Console;
let dataDir: string | undefined;
let dropDb: (() => Promise<void>) | undefined;
const auth = { authorization: `Bearer ${PROXY_TOKEN}` };

beforeAll(async () => {
  const db = await createTestDatabaseUrl();
  dropDb = db?.drop;
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-dist-"));
  const env = { SIGNALBOX_DEMO_BASE_PORT: String(testPort(19500)), SIGNALBOX_POLL_WAIT_MS: "25000" };
  a = await startConsole({ port: await freePort(), databaseUrl: db?.url, dataDir, env });
  b = db ? await startConsole({ port: await freePort(), databaseUrl: db.url, env }) : a;
});

afterAll(async () => {
  if (b !== a) await b?.stop();
  await a?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await dropDb?.();
});

async function latest(url: string): Promise<number> {
  return ((await (await fetch(`${url}/api/health`)).json()) as { version: number }).version;
}

async function publishSomething(url: string): Promise<number> {
  const alice = await ApiSession.login(url, "alice", "alice-editor-pw");
  const bob = await ApiSession.login(url, "bob", "bob-approver-pw");
  const draft = await alice.call("GET", "/api/changes/draft");
  const mesh = structuredClone(draft.body.proposed);
  const ratings = mesh.services.find((s: { name: string }) => s.name === "ratings");
  ratings.description = `changed at ${Date.now()}`;
  expect(
    (await alice.call("PUT", `/api/changes/${draft.body.id}`, { revision: draft.body.revision, proposed: mesh }))
      .status,
  ).toBe(200);
  expect((await alice.call("POST", `/api/changes/${draft.body.id}/submit`)).status).toBe(200);
  const approved = await bob.call("POST", `/api/changes/${draft.body.id}/approve`, {});
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body.producedVersion;
}

describe("snapshot distribution", () => {
  it("answers at once when the proxy is behind", async () => {
    const res = await fetch(`${a.url}/api/xds/snapshot?node=n1&version=0`, { headers: auth });
    expect(res.status).toBe(200);
    const snap = await res.json();
    expect(snap.version).toBe(await latest(a.url));
    expect(snap.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("answers 304 when nothing newer appears within the wait", async () => {
    const v = await latest(a.url);
    const res = await fetch(`${a.url}/api/xds/snapshot?node=n1&version=${v}&waitMs=300`, { headers: auth });
    expect(res.status).toBe(304);
  });

  it("wakes a held long-poll on another instance when a version is published", async () => {
    const v = await latest(b.url);
    const viewer = await ApiSession.login(b.url, "victor", "victor-viewer-pw");
    const held = fetch(`${b.url}/api/xds/snapshot?node=n2&version=${v}&waitMs=25000`, { headers: auth });
    // Publish only once the console has recorded the poll, the step just before it parks, so the wake-up (not the
    // immediate path) is tested: the publish below takes several requests, far longer than that last step.
    await eventually("the poll of n2 recorded", async () => {
      const list = await viewer.call("GET", "/api/proxies");
      return (list.body.proxies as { id: string }[]).some((p) => p.id === "n2");
    });
    const started = Date.now();
    const produced = await publishSomething(a.url);
    const res = await held;
    expect(res.status).toBe(200);
    expect((await res.json()).version).toBe(produced);
    console.log(
      `long-poll on ${b === a ? "the same" : "another"} instance woke ${Date.now() - started} ms after the approval request`,
    );
  });

  it("records ACK and NACK and shows the proxy state", async () => {
    const v = await latest(a.url);
    const snap = await (await fetch(`${a.url}/api/xds/snapshot?node=n3&version=0`, { headers: auth })).json();
    const ack = await fetch(`${a.url}/api/xds/ack`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ node: "n3", version: v, hash: snap.hash }),
    });
    expect(ack.status).toBe(200);
    const bob = await ApiSession.login(a.url, "bob", "bob-approver-pw");
    let list = await bob.call("GET", "/api/proxies");
    expect(list.body.proxies.find((p: { id: string }) => p.id === "n3")).toMatchObject({
      state: "synced",
      appliedVersion: v,
    });

    const nack = await fetch(`${a.url}/api/xds/nack`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ node: "n4", version: v, runningVersion: 0, error: "weights sum to 120" }),
    });
    expect(nack.status).toBe(200);
    list = await bob.call("GET", "/api/proxies");
    expect(list.body.proxies.find((p: { id: string }) => p.id === "n4")).toMatchObject({
      state: "rejected",
      lastError: "weights sum to 120",
    });

    const badAck = await fetch(`${a.url}/api/xds/ack`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ node: "n3", version: "x", hash: "nothex" }),
    });
    expect(badAck.status).toBe(400);
    expect((await badAck.json()).error.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual(
      expect.arrayContaining(["version", "hash"]),
    );
  });
});
