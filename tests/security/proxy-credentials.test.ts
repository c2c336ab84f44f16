/**
 * Issue 9, item 7: proxies may report only as themselves. The shared default proxy token is a loopback demo
 * convenience: a console reachable from other machines refuses to start with it (and accepts no shared token);
 * proxies get per-proxy credentials created by an admin, bound to a node id and a gateway, shown once, stored
 * as a hash, revocable; the node id comes from the credential and a body or query naming another node is a 403.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/ports.ts";
import { PROXY_TOKEN, TEST_SECRET_KEY } from "../helpers/processes.ts";
import { asUser, login, sql, startTestConsole, type TestConsole } from "./helpers.ts";
import { proxyCalls } from "./proxy-calls.ts";

const DEFAULT_TOKEN = "signalbox-dev-proxy-token";

describe("the default proxy token on a console reachable from other machines", () => {
  it("stops the start with a message naming SIGNALBOX_PROXY_TOKEN", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sb-sec-token-"));
    try {
      const port = String(await freePort());
      const child = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", port, "-H", "127.0.0.1"], {
        env: {
          ...process.env,
          PORT: port,
          SIGNALBOX_DATA_DIR: path.join(dir, "pglite"),
          SIGNALBOX_BIND_HOST: "0.0.0.0",
          SIGNALBOX_SEED: "none",
          SIGNALBOX_PROXY_TOKEN: DEFAULT_TOKEN,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      child.stderr.on("data", (c: Buffer) => (out += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code, out).toBe(1);
      expect(out).toContain("SIGNALBOX_PROXY_TOKEN is set to the published default proxy token");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts no shared token at all when none is set: only per-proxy credentials", { timeout: 120_000 }, async () => {
    const c = await startTestConsole({
      SIGNALBOX_BIND_HOST: "0.0.0.0",
      SIGNALBOX_SEED: "demo",
      SIGNALBOX_PROXY_TOKEN: "",
      SIGNALBOX_SECRET_KEY: TEST_SECRET_KEY,
    });
    try {
      for (const token of [DEFAULT_TOKEN, PROXY_TOKEN]) {
        const polled = await proxyCalls(c, token).poll("node=edge-1");
        expect(polled.status, polled.text).toBe(401);
      }
      const carol = asUser(c, (await login(c, "carol", "carol-admin-pw")).cookie);
      const created = await carol("POST", "/api/proxies/credentials", { nodeId: "edge-1", gateway: "edge" });
      expect(created.status, created.text).toBe(201);
      const polled = await proxyCalls(c, created.json.secret).poll("node=edge-1&gateway=edge");
      expect(polled.status, polled.text).toBe(200);
    } finally {
      await c.close();
    }
  });
});

describe("per-proxy credentials", () => {
  let c: TestConsole;
  let carol: ReturnType<typeof asUser>;
  let edge1: ReturnType<typeof proxyCalls>;
  let edge1Id: string;
  let edge1Secret: string;

  beforeAll(async () => {
    c = await startTestConsole();
    carol = asUser(c, (await login(c, "carol", "carol-admin-pw")).cookie);
    const created = await carol("POST", "/api/proxies/credentials", { nodeId: "edge-1", gateway: "edge" });
    expect(created.status, created.text).toBe(201);
    edge1Id = created.json.credential.id;
    edge1Secret = created.json.secret;
    edge1 = proxyCalls(c, edge1Secret);
  }, 120_000);
  afterAll(() => c?.close());

  it("are created by admins only, shown once and stored only as a hash", async () => {
    const alice = asUser(c, (await login(c, "alice", "alice-editor-pw")).cookie);
    expect((await alice("POST", "/api/proxies/credentials", { nodeId: "x-1", gateway: "edge" })).status).toBe(403);
    expect((await alice("GET", "/api/proxies/credentials")).status).toBe(403);
    const list = await carol("GET", "/api/proxies/credentials");
    expect(list.status, list.text).toBe(200);
    const mine = list.json.credentials.find((k: { id: string }) => k.id === edge1Id);
    expect(mine).toMatchObject({ nodeId: "edge-1", gateway: "edge", revokedAt: null });
    expect(list.text).not.toContain(edge1Secret);
    if (c.databaseUrl) {
      const rows = await sql<{ token_hash: string }>(c.databaseUrl, "SELECT token_hash FROM proxy_credentials");
      expect(rows.map((r) => r.token_hash).join()).not.toContain(edge1Secret);
    }
  });

  it("refuses a node id that is not a valid node id, naming the field", async () => {
    const bad = await carol("POST", "/api/proxies/credentials", { nodeId: "edge 1/../x", gateway: "edge" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("nodeId");
  });

  it("lets a proxy poll, ACK, NACK and report as itself", async () => {
    const polled = await edge1.poll("node=edge-1&gateway=edge");
    expect(polled.status, polled.text).toBe(200);
    const { version, hash } = polled.json;
    expect((await edge1.post("ack", { node: "edge-1", version, hash, gateway: "edge" })).status).toBe(200);
    const metrics = await edge1.post("metrics", { node: "edge-1", at: Date.now(), intervalMs: 1000, series: [] });
    expect(metrics.status, metrics.text).toBe(200);
  });

  it("answers 403 when the body or query names another node (NACK in edge-2's name)", async () => {
    const polled = await edge1.poll("node=edge-1&gateway=edge");
    const { version } = polled.json;
    const nack = await edge1.post("nack", { node: "edge-2", version, runningVersion: version, error: "forged" });
    expect(nack.status, nack.text).toBe(403);
    expect((await edge1.poll("node=edge-2")).status).toBe(403);
    const ack = await edge1.post("ack", { node: "edge-2", version, hash: polled.json.hash });
    expect(ack.status).toBe(403);
    const metrics = await edge1.post("metrics", { node: "edge-2", at: Date.now(), intervalMs: 1000, series: [] });
    expect(metrics.status).toBe(403);
    const proxies = await carol("GET", "/api/proxies");
    expect(proxies.json.proxies.map((p: { id: string }) => p.id)).not.toContain("edge-2");
  });

  it("answers 403 when the proxy claims another gateway than its credential's", async () => {
    expect((await edge1.poll("node=edge-1&gateway=internal")).status).toBe(403);
  });

  it("cuts a revoked credential off at its next request", async () => {
    const other = await carol("POST", "/api/proxies/credentials", { nodeId: "edge-9", gateway: "edge" });
    const edge9 = proxyCalls(c, other.json.secret);
    expect((await edge9.poll("node=edge-9&gateway=edge")).status).toBe(200);
    const revoked = await carol("DELETE", `/api/proxies/credentials/${other.json.credential.id}`);
    expect(revoked.status, revoked.text).toBe(200);
    expect((await edge9.poll("node=edge-9&gateway=edge")).status).toBe(401);
    const metrics = await edge9.post("metrics", { node: "edge-9", at: Date.now(), intervalMs: 1000, series: [] });
    expect(metrics.status).toBe(401);
    // The others keep working.
    expect((await edge1.poll("node=edge-1&gateway=edge")).status).toBe(200);
    const audit = await carol("GET", "/api/audit?limit=200");
    const actions = audit.json.entries.map((e: { action: string }) => e.action);
    expect(actions).toContain("proxy_credential.created");
    expect(actions).toContain("proxy_credential.revoked");
  });

  it("keeps the shared token working on a loopback-only console (the npm start demo)", async () => {
    const shared = proxyCalls(c, PROXY_TOKEN);
    expect((await shared.poll("node=demo-1")).status).toBe(200);
  });
});
