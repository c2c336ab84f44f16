/**
 * Issue 9, item 1: no published credentials outside the demo. A console on an external database (or one that
 * may be reachable from other machines) seeds no demo users; the first admin is created with the one-time
 * setup token from the console's log, on /setup or with `signalbox admin create-user`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRET_KEY } from "../helpers/processes.ts";
import { asUser, login, send, sql, startTestConsole, type TestConsole } from "./helpers.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
// What the README publishes; on an exposed console it must not work.
const PUBLISHED = { username: "carol", password: "carol-admin-pw" };
// A console reachable from other machines accepts no shared proxy token (and refuses to start with one).
const EXPOSED = {
  SIGNALBOX_SEED: "auto",
  SIGNALBOX_BIND_HOST: "0.0.0.0",
  SIGNALBOX_PROXY_TOKEN: "",
  SIGNALBOX_SECRET_KEY: TEST_SECRET_KEY,
};

const setupToken = (c: TestConsole) => /SIGNALBOX_SETUP_TOKEN=(\S+)/.exec(c.output())?.[1];

function cli(args: string[], env: Record<string, string>, stdin: string) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "bin", "signalbox.mjs"), ...args], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

describe("a console that is not the loopback demo", () => {
  let c: TestConsole;
  beforeAll(async () => {
    c = await startTestConsole(EXPOSED);
  });
  afterAll(() => c?.close());

  it("has no demo users and no demo mesh", async () => {
    expect((await login(c, PUBLISHED.username, PUBLISHED.password)).status).toBe(401);
    expect((await login(c, "alice", "alice-editor-pw")).status).toBe(401);
    expect((await send(`${c.url}/api/health`)).json).toEqual({ ok: true, version: 0 });
  });

  it("asks for the first admin: /api/setup says so and /login leads to /setup", async () => {
    expect((await send(`${c.url}/api/setup`)).json).toEqual({ required: true });
    const page = await send(`${c.url}/login`);
    expect([307, 308]).toContain(page.status);
    expect(page.headers.location).toMatch(/\/setup$/);
  });

  it("prints a one-time setup token in its log and stores only its hash", async () => {
    const token = setupToken(c);
    expect(token).toMatch(/^sbsetup_[A-Za-z0-9_-]{20,}$/);
    if (c.databaseUrl) {
      const rows = await sql<{ id: string }>(c.databaseUrl, "SELECT id FROM setup_tokens");
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.id)).not.toContain(token);
    }
  });

  it("refuses a wrong setup token and creates the admin with the right one, once", async () => {
    const body = (token: string, username: string) =>
      JSON.stringify({ token, username, displayName: "Root", password: "a-long-enough-password" });
    const post = (b: string) =>
      send(`${c.url}/api/setup`, { method: "POST", headers: { "content-type": "application/json" }, body: b });
    const wrong = await post(body("sbsetup_not-the-token-at-all-xxxxxxxx", "root"));
    expect(wrong.status, wrong.text).toBe(401);
    const ok = await post(body(setupToken(c)!, "root"));
    expect(ok.status, ok.text).toBe(201);
    expect(ok.json.user).toMatchObject({ username: "root", role: "ADMIN" });
    expect(ok.headers["set-cookie"]).toMatch(/^sb_session=sbs_/);
    const again = await post(body(setupToken(c)!, "root2"));
    expect(again.status, again.text).toBe(409);
    expect((await send(`${c.url}/api/setup`)).json).toEqual({ required: false });
    const root = await login(c, "root", "a-long-enough-password");
    expect(root.status).toBe(200);
    const audit = await asUser(c, root.cookie)("GET", "/api/audit?limit=50");
    expect(audit.json.entries).toContainEqual(
      expect.objectContaining({ action: "user.created", details: expect.objectContaining({ via: "setup" }) }),
    );
  });
});

describe("the setup token expires", () => {
  let c: TestConsole;
  beforeAll(async () => {
    c = await startTestConsole(EXPOSED);
  });
  afterAll(() => c?.close());

  it.skipIf(!process.env.TEST_DATABASE_URL)("is refused after its end", async () => {
    await sql(c.databaseUrl!, "UPDATE setup_tokens SET expires_at = (now() at time zone 'utc') - interval '1 minute'");
    const res = await send(`${c.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: setupToken(c), username: "late", password: "a-long-enough-password" }),
    });
    expect(res.status, res.text).toBe(401);
  });
});

describe("signalbox admin create-user", () => {
  let c: TestConsole;
  let dir: string;
  beforeAll(async () => {
    c = await startTestConsole(EXPOSED, { embedded: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "sb-sec-cli-"));
  });
  afterAll(async () => {
    await c?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates the first admin with the setup token, then users with that admin's API token", async () => {
    const env = { SIGNALBOX_CONFIG: path.join(dir, "config.json"), SIGNALBOX_SERVER: c.url };
    const first = await cli(
      ["admin", "create-user", "--username", "ops", "--password-stdin"],
      { ...env, SIGNALBOX_SETUP_TOKEN: setupToken(c)! },
      "ops-password-123\n",
    );
    expect(first.code, first.err).toBe(0);
    expect(first.err).toContain("Created the first admin ops");
    const loggedIn = await cli(["login", "--username", "ops", "--password-stdin"], env, "ops-password-123\n");
    expect(loggedIn.code, loggedIn.err).toBe(0);
    const second = await cli(
      ["admin", "create-user", "--username", "eve", "--role", "editor", "--password-stdin"],
      env,
      "eve-password-1234\n",
    );
    expect(second.code, second.err).toBe(0);
    const list = await cli(["admin", "list-users", "-o", "json"], env, "");
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out).map((u: { username: string; role: string }) => [u.username, u.role])).toEqual([
      ["eve", "EDITOR"],
      ["ops", "ADMIN"],
    ]);
  });
});
