/**
 * The `signalbox` CLI against a real console: the built console (next start) on a real database,
 * the CLI as a child process (bin/signalbox.mjs) with its own config file per user. Nothing is mocked.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../helpers/ports.ts";
import { startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";
import { newKeyAndCsr } from "../../proxy/identity/csr.ts";
import { signProxyToken } from "../../proxy/identity/signed-token.ts";

const root = path.resolve(import.meta.dirname, "..", "..");

let consoleProc: (RunningProcess & { url: string }) | undefined;
let dataDir: string | undefined;
let dropDb: (() => Promise<void>) | undefined;
let tmp: string;
let aliceConfig: string;
let bobConfig: string;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would; the server comes from the config file that login wrote, not from env. */
function cli(config: string, args: string[], stdin = ""): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, SIGNALBOX_CONFIG: config };
  delete env.SIGNALBOX_SERVER;
  delete env.SIGNALBOX_TOKEN;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "bin", "signalbox.mjs"), ...args], {
      cwd: tmp,
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const ok = (r: CliResult): CliResult => {
  expect(r.code, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(0);
  return r;
};

/** The weights of the reviews VirtualService in an Istio export, in destination order. */
function reviewsWeights(yaml: string): number[] {
  const vs = parseAllDocuments(yaml)
    .map((d) => d.toJS())
    .find((o) => o?.kind === "VirtualService" && o.metadata.name === "reviews");
  expect(vs, yaml).toBeDefined();
  return vs.spec.http[0].route.map((r: { weight: number }) => r.weight);
}

/** The exported reviews objects with the split changed: what a user edits and applies. */
function withReviewsSplit(yaml: string, v1: number, v2: number): string {
  return parseAllDocuments(yaml)
    .map((d) => {
      const o = d.toJS();
      if (o?.kind === "VirtualService" && o.metadata.name === "reviews") {
        o.spec.http[0].route = [
          { destination: { host: "reviews.demo.svc.cluster.local", subset: "v1" }, weight: v1 },
          { destination: { host: "reviews.demo.svc.cluster.local", subset: "v2" }, weight: v2 },
        ];
      }
      return stringify(o);
    })
    .join("---\n");
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "sb-cli-it-"));
  aliceConfig = path.join(tmp, "alice", "config.json");
  bobConfig = path.join(tmp, "bob", "config.json");
  const db = await createTestDatabaseUrl();
  dropDb = db?.drop;
  if (!db) dataDir = path.join(tmp, "data");
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_CHECK_RESPONSES: "1" },
  });
});

afterAll(async () => {
  await consoleProc?.stop();
  await dropDb?.();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Each step spawns the CLI several times (about a second each, more on a busy machine).
describe("signalbox CLI against the console", { timeout: 180_000 }, () => {
  let changeId = "";
  let newVersion = 0;

  it("logs alice in with --password-stdin and stores a token in a 0600 file", async () => {
    const r = ok(
      await cli(
        aliceConfig,
        ["login", "--server", consoleProc!.url, "--username", "alice", "--password-stdin"],
        "alice-editor-pw\n",
      ),
    );
    expect(r.stderr).toContain("as alice (EDITOR)");
    expect(statSync(aliceConfig).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(aliceConfig, "utf8"));
    expect(stored).toMatchObject({ server: consoleProc!.url, username: "alice" });
    expect(stored.token).toEqual(expect.any(String));
  });

  it("refuses a wrong password with exit 1 and stores nothing", async () => {
    const other = path.join(tmp, "wrong", "config.json");
    const r = await cli(other, ["login", "--server", consoleProc!.url, "-u", "alice", "--password-stdin"], "nope\n");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: /);
    expect(() => statSync(other)).toThrow();
  });

  it("lists services as JSON and routes as a table", async () => {
    const services = JSON.parse(ok(await cli(aliceConfig, ["get", "services", "-o", "json"])).stdout);
    expect(services.map((s: { name: string }) => s.name)).toContain("reviews");
    const routes = ok(await cli(aliceConfig, ["get", "routes"])).stdout;
    expect(routes).toMatch(/^NAME\s+HOSTS\s+GATEWAYS\s+RULES\s+DESTINATIONS$/m);
    expect(routes).toMatch(/^reviews\s+reviews\.demo\s+<none>\s+1\s+reviews\/v1=80,reviews\/v2=20$/m);
  });

  it("applies an edited export of reviews as a change pending review; prints only its id", async () => {
    const exported = ok(await cli(aliceConfig, ["export", "--service", "reviews"])).stdout;
    expect(reviewsWeights(exported)).toEqual([80, 20]);
    const file = path.join(tmp, "reviews-30-70.yaml");
    writeFileSync(file, withReviewsSplit(exported, 30, 70));
    const dry = ok(await cli(aliceConfig, ["import", file, "--dry-run"]));
    expect(dry.stdout).toMatch(/^~ rule reviews#0: weight reviews\/v1 80 → 30$/m);
    const r = ok(await cli(aliceConfig, ["apply", file, "--title", "reviews 30/70"]));
    changeId = r.stdout.trim();
    expect(changeId).toMatch(/^\S+$/);
    expect(r.stderr).toContain("PENDING");
    const change = JSON.parse(ok(await cli(aliceConfig, ["get", "changes", changeId, "-o", "json"])).stdout);
    expect(change).toMatchObject({ id: changeId, status: "PENDING", title: "reviews 30/70" });
    // Applying what is already running proposes nothing and leaves no draft behind.
    const same = ok(await cli(aliceConfig, ["apply", "-"], exported));
    expect(same.stdout).toBe("");
    expect(same.stderr).toContain("nothing to apply");
  });

  it("lets bob, logged in with his own config, approve it", async () => {
    ok(
      await cli(
        bobConfig,
        ["login", "--server", consoleProc!.url, "--username", "bob", "--password-stdin"],
        "bob-approver-pw",
      ),
    );
    const r = ok(await cli(bobConfig, ["approve", changeId, "--note", "lgtm", "-o", "json"]));
    const change = JSON.parse(r.stdout);
    expect(change.status).toBe("ROLLED_OUT");
    newVersion = change.producedVersion;
    expect(newVersion).toBeGreaterThan(1);
  });

  it("shows the new latest version in status and the new weights in export", async () => {
    const status = ok(await cli(bobConfig, ["status"])).stdout;
    expect(status).toContain(`Latest version: ${newVersion} `);
    expect(JSON.parse(ok(await cli(bobConfig, ["status", "-o", "json"])).stdout).latestVersion).toBe(newVersion);
    const exported = ok(await cli(aliceConfig, ["export"])).stdout;
    expect(reviewsWeights(exported)).toEqual([30, 70]);
    const gatewayApi = ok(await cli(aliceConfig, ["export", "--format", "gateway-api", "--service", "reviews"])).stdout;
    const route = parseAllDocuments(gatewayApi)
      .map((d) => d.toJS())
      .find((o) => o?.kind === "HTTPRoute" && o.metadata.name === "reviews");
    expect(route.spec.rules[0].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([30, 70]);
    const file = path.join(tmp, "export.yaml");
    ok(await cli(aliceConfig, ["export", "--version", "1", "-f", file]));
    expect(reviewsWeights(readFileSync(file, "utf8"))).toEqual([80, 20]);
    expect(ok(await cli(aliceConfig, ["get", "versions"])).stdout).toMatch(new RegExp(`^${newVersion}\\s`, "m"));
  });

  it("rolls back to version 1 through a new change, which bob can reject", async () => {
    const r = ok(await cli(aliceConfig, ["rollback", "1"]));
    const id = r.stdout.trim();
    expect(id).not.toBe(changeId);
    const draft = JSON.parse(ok(await cli(aliceConfig, ["get", "changes", id, "-o", "json"])).stdout);
    expect(draft).toMatchObject({ status: "DRAFT", title: "Roll back to version 1" });
    expect(ok(await cli(aliceConfig, ["submit", id])).stdout).toContain("PENDING");
    const noNote = await cli(bobConfig, ["reject", id]);
    expect(noNote.code).toBe(1);
    expect(ok(await cli(bobConfig, ["reject", id, "--note", "keep 30/70"])).stdout).toContain("REJECTED");
  });

  it("exits 2 for an import whose config is invalid, and 1 for an editor approving", async () => {
    const exported = ok(await cli(aliceConfig, ["export", "--service", "reviews"])).stdout;
    const r = await cli(aliceConfig, ["import", "-", "--dry-run"], withReviewsSplit(exported, 60, 60));
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stdout).toMatch(/error SB101: /);
    const broken = await cli(
      aliceConfig,
      ["import", "-", "--dry-run"],
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nspec: {hosts: [a\n",
    );
    expect(broken.code).toBe(2);
    expect(broken.stdout).toMatch(/^<stdin>:\d+:\d+: invalid: /m);
    const forbidden = await cli(aliceConfig, ["approve", changeId]);
    expect(forbidden.code).toBe(1);
  });

  it("lets carol create a proxy credential (secret alone on stdout), list it and revoke it", async () => {
    const carolConfig = path.join(tmp, "carol", "config.json");
    ok(
      await cli(
        carolConfig,
        ["login", "--server", consoleProc!.url, "--username", "carol", "--password-stdin"],
        "carol-admin-pw",
      ),
    );
    const created = ok(await cli(carolConfig, ["proxy", "create-credential", "--node", "edge-5", "--gateway", "edge"]));
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^sbp_\S+$/);
    expect(created.stderr).toContain("shown only this once");
    const poll = (token: string) =>
      fetch(`${consoleProc!.url}/api/xds/snapshot?node=edge-5&gateway=edge&waitMs=0`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.status);
    expect(await poll(secret)).toBe(200);
    const listed = JSON.parse(ok(await cli(carolConfig, ["proxy", "list-credentials", "-o", "json"])).stdout);
    const mine = listed.find((c: { nodeId: string }) => c.nodeId === "edge-5");
    expect(mine).toMatchObject({ gateway: "edge", revokedAt: null, createdBy: "carol" });
    ok(await cli(carolConfig, ["proxy", "revoke-credential", mine.id]));
    expect(await poll(secret)).toBe(401);
    // An editor may not create one: exit 1.
    expect((await cli(aliceConfig, ["proxy", "create-credential", "--node", "edge-6"])).code).toBe(1);
  });

  it("lets carol register, list and deregister a registry instance; an editor may not register", async () => {
    const carolConfig = path.join(tmp, "carol-registry", "config.json");
    ok(
      await cli(
        carolConfig,
        ["login", "--server", consoleProc!.url, "--username", "carol", "--password-stdin"],
        "carol-admin-pw",
      ),
    );
    const args = ["registry", "register", "ratings", "--address", "10.1.2.3", "--port", "9080", "--id", "ratings-cli"];
    const registered = ok(
      await cli(carolConfig, [...args, "--label", "app=ratings", "--label", "version=v1", "--ttl", "60000"]),
    );
    expect(registered.stderr).toContain("Registered ratings-cli (10.1.2.3:9080) in ratings; selected by v1");
    const listed = JSON.parse(
      ok(await cli(carolConfig, ["registry", "list", "--service", "ratings", "-o", "json"])).stdout,
    );
    const mine = listed.find((i: { id: string }) => i.id === "ratings-cli");
    expect(mine).toMatchObject({ service: "ratings", versions: ["v1"], source: "cli", tokenName: null });
    expect(mine.checks.map((c: { kind: string }) => c.kind)).toEqual(["ttl"]);
    const table = ok(await cli(aliceConfig, ["registry", "list"])).stdout;
    expect(table).toMatch(/ratings\s+ratings-cli\s+10\.1\.2\.3:9080\s+v1/);
    expect((await cli(aliceConfig, [...args.slice(0, -1), "ratings-editor"])).code).toBe(1);
    ok(await cli(carolConfig, ["registry", "deregister", "ratings-cli"]));
    const after = JSON.parse(ok(await cli(carolConfig, ["registry", "list", "-o", "json"])).stdout);
    expect(after.map((i: { id: string }) => i.id)).not.toContain("ratings-cli");
  });

  it("lets carol read the CA, issue a certificate, create a join token and revoke the joined proxy", async () => {
    const carolConfig = path.join(tmp, "carol-security", "config.json");
    ok(
      await cli(
        carolConfig,
        ["login", "--server", consoleProc!.url, "--username", "carol", "--password-stdin"],
        "carol-admin-pw",
      ),
    );
    const ca = JSON.parse(ok(await cli(carolConfig, ["security", "ca", "-o", "json"])).stdout);
    expect(ca.roots.map((r: { state: string }) => r.state)).toEqual(["active"]);
    ok(await cli(carolConfig, ["security", "issue", "--name", "cli-cert", "--dns", "cli.internal,www.cli.internal"]));
    const certs = JSON.parse(ok(await cli(carolConfig, ["security", "certs", "-o", "json"])).stdout);
    expect(certs.find((c: { name: string }) => c.name === "cli-cert")).toMatchObject({
      source: "issued",
      sans: ["cli.internal", "www.cli.internal"],
    });
    const created = ok(
      await cli(carolConfig, ["security", "join-token", "create", "--node", "cli-edge", "--gateway", "edge"]),
    );
    const token = created.stdout.trim();
    expect(token).toMatch(/^sbj_\S+$/);
    const { privateKeyPem, csrPem } = await newKeyAndCsr("cli-edge");
    const joined = await fetch(`${consoleProc!.url}/api/xds/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, csrPem }),
    });
    expect(joined.status).toBe(200);
    const identity = (await joined.json()) as { certChainPem: string; spiffeId: string };
    const bearer = signProxyToken({ ...identity, privateKeyPem });
    const poll = () =>
      fetch(`${consoleProc!.url}/api/xds/snapshot?node=cli-edge&gateway=edge&waitMs=0`, {
        headers: { authorization: `Bearer ${bearer}` },
      }).then((r) => r.status);
    expect(await poll()).toBe(200);
    const identities = JSON.parse(ok(await cli(carolConfig, ["security", "identities", "-o", "json"])).stdout);
    const mine = identities.find((i: { nodeId: string }) => i.nodeId === "cli-edge");
    expect(mine).toMatchObject({ spiffeId: "spiffe://cluster.local/proxy/cli-edge", state: "valid" });
    ok(await cli(carolConfig, ["security", "revoke", mine.id]));
    expect(await poll()).toBe(401);
  });

  it("drives a staged rollout and a canary from the terminal", async () => {
    const exported = ok(await cli(aliceConfig, ["export", "--service", "reviews"])).stdout;
    const file = path.join(tmp, "reviews-40-60.yaml");
    writeFileSync(file, withReviewsSplit(exported, 40, 60));
    const id = ok(await cli(aliceConfig, ["apply", file, "--title", "reviews 40/60"])).stdout.trim();
    // No proxy is connected here, so a staged plan has nobody for its first stage: it stalls and says so.
    const approved = JSON.parse(
      ok(await cli(bobConfig, ["approve", id, "--stage-selector", "canary=true", "--bake", "30", "-o", "json"])).stdout,
    );
    const version = approved.producedVersion as number;
    const status = ok(await cli(bobConfig, ["rollout", "status", String(version)])).stdout;
    expect(status).toContain(`version ${version} (previous ${version - 1}): STALLED, stage 1 of 2`);
    expect(status).toContain("stalled because: no proxy is selected by the first stage (canary=true first");
    const bad = await cli(bobConfig, ["approve", id, "--stage-percent", "300"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("percent: must be 1..100");
    const aborted = ok(await cli(bobConfig, ["rollout", "abort", String(version), "--note", "no canary proxy"]));
    expect(aborted.stderr).toContain(`restores version ${version - 1}'s config on every proxy`);
    expect(reviewsWeights(ok(await cli(bobConfig, ["export", "--service", "reviews"])).stdout)).not.toEqual([40, 60]);

    const canary = ok(
      await cli(aliceConfig, [
        "canary",
        "create",
        "--route",
        "reviews",
        "--stable",
        "v1",
        "--canary",
        "v3",
        "--interval",
        "600",
      ]),
    ).stdout.trim();
    const own = await cli(aliceConfig, ["canary", "approve", canary]);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain("Your role EDITOR may not");
    expect(ok(await cli(bobConfig, ["canary", "approve", canary])).stdout).toContain("RUNNING at 5%");
    expect(ok(await cli(bobConfig, ["canary", "pause", canary])).stdout).toContain("PAUSED at 5%");
    ok(await cli(bobConfig, ["canary", "abort", canary, "--note", "enough"]));
    const watched = await cli(aliceConfig, ["canary", "watch", canary]);
    expect(watched.code).toBe(1);
    expect(watched.stdout).toMatch(/step\s+canary at 5%/);
    expect(watched.stderr).toContain("ABORTED");
    const list = JSON.parse(ok(await cli(aliceConfig, ["canary", "list", "-o", "json"])).stdout);
    expect(list.find((c: { id: string }) => c.id === canary).state).toBe("ABORTED");
  });

  it("logs out: the token is revoked and forgotten", async () => {
    const token = JSON.parse(readFileSync(aliceConfig, "utf8")).token as string;
    ok(await cli(aliceConfig, ["logout"]));
    expect(JSON.parse(readFileSync(aliceConfig, "utf8"))).toEqual({ server: consoleProc!.url });
    const after = await cli(aliceConfig, ["get", "services"]);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("not logged in");
    const res = await fetch(`${consoleProc!.url}/api/mesh`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
  });
});
