/**
 * POST /api/simulate through the built console on a real database: the published config (the demo's Bookinfo
 * mesh), the caller's draft, a caller without a draft, and bad input (400 naming the field, nothing stored).
 */
import { spawn } from "node:child_process";
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
const root = path.resolve(import.meta.dirname, "..", "..");
const cliConfig = path.join(mkdtempSync(path.join(os.tmpdir(), "sb-simulate-cli-")), "config.json");

/** The CLI as a child process (bin/signalbox.mjs), as tests/integration/cli.test.ts runs it. */
function cli(args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SIGNALBOX_CONFIG: cliConfig };
  delete env.SIGNALBOX_SERVER;
  delete env.SIGNALBOX_TOKEN;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "bin", "signalbox.mjs"), ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

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
  rmSync(path.dirname(cliConfig), { recursive: true, force: true });
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

describe("signalbox simulate", { timeout: 120_000 }, () => {
  it("prints the explanation for the published config and the draft, and the whole answer with --json", async () => {
    const login = await cli(
      ["login", "--server", consoleProc!.url, "-u", "alice", "--password-stdin"],
      "alice-editor-pw\n",
    );
    expect(login.code, login.stderr).toBe(0);
    const text = await cli(["simulate", "--host", "reviews.demo", "--path", "/x?y=1", "--random", "0.1"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Config: {3}published version \d+ \(sha256 [0-9a-f]{12}\)$/m);
    expect(text.stdout).toContain("Request:  GET reviews.demo /x?y=1");
    expect(text.stdout).toContain("✓ reviews: selected: reviews.demo (exact)");
    expect(text.stdout).toContain("→ reviews/v1  weight 80 (80%)");
    // The draft (saved by the API test above) has the jason rule first: without the header it explains the miss.
    const draft = await cli(["simulate", "--host", "reviews.demo", "--draft", "-H", "end-user=mike"]);
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stdout).toMatch(/^Config: {3}your draft \S+ revision \d+, based on version \d+/m);
    expect(draft.stdout).toContain('✗ #0 jason (reviews#jason): header end-user: wanted exact jason, got "mike"');
    const json = await cli(["simulate", "--host", "reviews.demo", "--draft", "-H", "end-user=jason", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ config: { source: "draft" }, rule: { name: "jason" } });
  });

  it("exits 1 naming the field for input the operation's schema refuses (checked before sending), and for a usage error", async () => {
    const bad = await cli(["simulate", "--host", "reviews.demo", "--path", "/", "-X", "GET", "--random", "2"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/invalid request: random/);
    const usage = await cli(["simulate", "--path", "/"]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("--host is required");
  });
});
