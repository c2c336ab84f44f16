/**
 * POST /api/access/check and `signalbox access check` through the built console on a real database: the published
 * config (Bookinfo, no policy), the caller's draft with a DENY policy, bad input (400 naming the field), an unknown
 * service (404).
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
const cliConfig = path.join(mkdtempSync(path.join(os.tmpdir(), "sb-access-cli-")), "config.json");

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
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-access-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_DEMO_BASE_PORT: String(testPort(19560)) },
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

const check = (body: unknown) => alice.call("POST", "/api/access/check", body);
const adminRequest = {
  target: { kind: "service", name: "reviews" },
  request: { path: "/admin/users", host: "reviews.demo" },
};

describe("POST /api/access/check", { timeout: 120_000 }, () => {
  it("published config without policies: every version allowed, no policy named", async () => {
    const r = await check(adminRequest);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.config.source).toBe("published");
    expect(r.body.results.map((x: { workload: string }) => x.workload)).toEqual([
      "reviews/v1",
      "reviews/v2",
      "reviews/v3",
    ]);
    for (const x of r.body.results) expect(x.decision).toMatchObject({ allowed: true, policy: null });
  });

  it("the caller's draft with a DENY on /admin* for reviews v2: denied there by that policy, allowed elsewhere", async () => {
    const running = await alice.call("GET", "/api/mesh");
    const mesh = running.body.mesh;
    mesh.authorizationPolicies = [
      {
        name: "v2-no-admin",
        namespace: "default",
        selector: { matchLabels: { app: "reviews", version: "v2" } },
        action: "DENY",
        rules: [{ to: [{ operation: { paths: ["/admin*"] } }] }],
      },
    ];
    const created = await alice.call("POST", "/api/changes", { title: "access draft", proposed: mesh });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const r = await check({ ...adminRequest, source: "draft" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const byWorkload = Object.fromEntries(r.body.results.map((x: { workload: string }) => [x.workload, x]));
    expect(byWorkload["reviews/v2"].decision).toMatchObject({
      allowed: false,
      policy: "default/v2-no-admin",
      action: "DENY",
      rule: 0,
    });
    expect(byWorkload["reviews/v1"].decision.allowed).toBe(true);
    const other = await check({
      ...adminRequest,
      source: "draft",
      request: { ...adminRequest.request, path: "/reviews/1" },
    });
    const v2 = other.body.results.find((x: { workload: string }) => x.workload === "reviews/v2");
    expect(v2.policies[0].reasons).toEqual(["rules[0].to[0].operation.paths: no value matches"]);
  });

  it.each([
    ["caller", { ...adminRequest, caller: { ip: "not-an-ip" } }],
    ["request", { ...adminRequest, request: { path: "no-slash", host: "x" } }],
    ["target", { ...adminRequest, target: { kind: "pod", name: "reviews" } }],
  ])("400 naming %s for bad input", async (field, body) => {
    const r = await check(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("INVALID_BODY");
    expect(r.body.error.issues[0].path[0]).toBe(field);
  });

  it("404 for a service the config does not have", async () => {
    const r = await check({ ...adminRequest, target: { kind: "service", name: "nope" } });
    expect(r.status).toBe(404);
  });

  it("victor (viewer) may run it on the published config", async () => {
    expect((await victor.call("POST", "/api/access/check", adminRequest)).status).toBe(200);
  });
});

describe("signalbox access check", { timeout: 120_000 }, () => {
  it("prints the verdict per version with the deciding policy", async () => {
    const login = await cli(
      ["login", "--server", consoleProc!.url, "-u", "alice", "--password-stdin"],
      "alice-editor-pw\n",
    );
    expect(login.code, login.stderr).toBe(0);
    const out = await cli([
      "access",
      "check",
      "--service",
      "reviews/v2",
      "--path",
      "/admin/x",
      "--host",
      "reviews.demo",
      "--draft",
    ]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain("reviews/v2: DENIED by DENY policy default/v2-no-admin rule 0");
    const usage = await cli(["access", "check", "--path", "/"]);
    expect(usage.code).not.toBe(0);
    expect(usage.stderr).toContain("--service or --gateway");
  });
});
