/**
 * POST /api/simulate through the built console on a real database: the published config (the demo's Bookinfo
 * mesh), the caller's draft, a caller without a draft, and bad input (400 naming the field, nothing stored).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../helpers/api-session.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

let consoleProc: (RunningProcess & { url: string }) | undefined;
let dataDir: string | undefined;
let dropDb: (() => Promise<void>) | undefined;
let alice: ApiSession;
let victor: ApiSession;

beforeAll(async () => {
  const db = await createTestDatabaseUrl();
  dropDb = db?.drop;
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-simulate-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_DEMO_BASE_PORT: String(testPort(19520)) },
  });
  alice = await ApiSession.login(consoleProc.url, "alice", "alice-editor-pw");
  victor = await ApiSession.login(consoleProc.url, "victor", "victor-viewer-pw");
});

afterAll(async () => {
  await consoleProc?.stop();
  await dropDb?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("POST /api/simulate", () => {
  it("simulates against the published config by default, with the weighted split and the pick", async () => {
    const r = await victor.call("POST", "/api/simulate", { host: "reviews.demo", path: "/", random: 0.9 });
    expect(r.status).toBe(200);
    expect(r.body.config).toMatchObject({ source: "published", changeId: null });
    expect(r.body.config.version).toBeGreaterThanOrEqual(1);
    expect(r.body.route).toBe("reviews");
    expect(r.body.rule).toMatchObject({ index: 0, id: "reviews#0" });
    expect(r.body.verdict.kind).toBe("forward");
    expect(r.body.verdict.destinations.map((d: { cluster: string; weight: number }) => [d.cluster, d.weight])).toEqual([
      ["reviews/v1", 80],
      ["reviews/v2", 20],
    ]);
    expect(r.body.verdict.picked).toBe("reviews/v2");
    const none = await victor.call("POST", "/api/simulate", { host: "nowhere.demo", path: "/" });
    expect(none.body.verdict).toMatchObject({ kind: "no-route", status: 404 });
    expect(none.body.otherRoutes).toBeGreaterThanOrEqual(4);
  });

  it("simulates the caller's draft: a new header rule takes jason, the published config still splits", async () => {
    const draft = (await alice.call("GET", "/api/changes/draft")).body;
    const proposed = structuredClone(draft.proposed);
    const reviews = proposed.routes.find((r: { name: string }) => r.name === "reviews");
    reviews.rules.unshift({
      name: "jason",
      matches: [{ headers: [{ name: "end-user", type: "exact", value: "jason" }] }],
      destinations: [{ service: "reviews", version: "v3", weight: 100 }],
    });
    const saved = await alice.call("PUT", `/api/changes/${draft.id}`, { revision: draft.revision, proposed });
    expect(saved.status).toBe(200);
    const request = { host: "reviews.demo", path: "/", headers: { "end-user": "jason" } };
    const d = await alice.call("POST", "/api/simulate", { ...request, source: "draft" });
    expect(d.status).toBe(200);
    expect(d.body.config).toMatchObject({ source: "draft", changeId: draft.id, revision: saved.body.revision });
    expect(d.body.rule).toMatchObject({ index: 0, name: "jason" });
    expect(d.body.verdict.destinations.map((x: { cluster: string }) => x.cluster)).toEqual(["reviews/v3"]);
    const other = await alice.call("POST", "/api/simulate", {
      ...request,
      headers: { "end-user": "mike" },
      source: "draft",
    });
    expect(other.body.rules[0]).toMatchObject({
      matched: false,
      reason: 'header end-user: wanted exact jason, got "mike"',
    });
    expect(other.body.rule.index).toBe(1);
    const published = await alice.call("POST", "/api/simulate", { ...request, source: "published" });
    expect(published.body.rule.index).toBe(0);
    expect(published.body.rule.name).toBe("");
  });

  it("a caller without a draft gets 404 for the draft, and no draft is created", async () => {
    const before = (await victor.call("GET", "/api/changes")).body.changes.length;
    const r = await victor.call("POST", "/api/simulate", { host: "reviews.demo", path: "/", source: "draft" });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("NOT_FOUND");
    expect(r.body.error.message).toMatch(/no open draft/);
    expect((await victor.call("GET", "/api/changes")).body.changes.length).toBe(before);
  });

  it.each([
    [{ path: "/" }, "host"],
    [{ host: "reviews.demo", path: "/", source: "running" }, "source"],
    [{ host: "reviews.demo", path: "no spaces allowed" }, "path"],
    [{ host: "reviews.demo", path: "/", headers: { Host: "other.demo" } }, "headers"],
    [{ host: "reviews.demo", path: "/", method: "get" }, "method"],
    [{ host: "reviews.demo", path: "/", query: { a: 1 } }, "query"],
    [{ host: "reviews.demo", path: "/", random: 1.5 }, "random"],
    [{ host: "reviews.demo", path: "/", gateway: "No Such" }, "gateway"],
  ])("refuses %j with 400 naming %s", async (body, field) => {
    const r = await victor.call("POST", "/api/simulate", body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("INVALID_BODY");
    expect(r.body.error.issues[0].path[0]).toBe(field);
    expect(r.body.error.message).toContain(field);
  });
});
