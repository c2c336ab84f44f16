/**
 * The console's CA end to end, against the built console on a real PostgreSQL: a proxy joins with a one-time
 * token, polls as itself with a token signed by its own key, renews, restarts from its state dir, and is cut off
 * when revoked; secret discovery gives a proxy only its own gateway's secrets and wakes on changes.
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { newKeyAndCsr } from "../../proxy/identity/csr.ts";
import { signProxyToken } from "../../proxy/identity/signed-token.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { PROXY_TOKEN, startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";
import { createRoot, importSigningKey, issueLeaf, newKeyPair, privateKeyPem } from "../../lib/server/security/x509.ts";

let consoleProc: RunningProcess & { url: string };
let db: { url: string; drop(): Promise<void> } | null;
let dataDir: string | undefined;
let carol: ApiSession;
const stateDirs: string[] = [];
const proxies: Proxy[] = [];

beforeAll(async () => {
  db = await createTestDatabaseUrl();
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-ca-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_DEMO_BASE_PORT: String(testPort(19600)), SIGNALBOX_POLL_WAIT_MS: "20000" },
  });
  carol = await ApiSession.login(consoleProc.url, "carol", "carol-admin-pw");
}, 120_000);

afterAll(async () => {
  if (process.env.SHOW_CONSOLE_LOG) console.log(consoleProc?.output());
  for (const p of proxies) await p.stop(0);
  await consoleProc?.stop();
  for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
});

const newStateDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "sb-proxy-id-"));
  stateDirs.push(d);
  return d;
};

async function joinToken(nodeId: string, gateway: string | null = null): Promise<string> {
  const res = await carol.call("POST", "/api/security/join-tokens", { nodeId, gateway });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.joinToken.state).toBe("pending");
  return res.body.token;
}

async function startJoined(nodeId: string, opts: { joinToken?: string; stateDir: string; gateway?: string }) {
  const proxy = createProxy({
    nodeId,
    consoleUrl: consoleProc.url,
    port: 0,
    logLevel: "silent",
    pollWaitMs: 2_000,
    metricsIntervalMs: 200,
    ...opts,
  });
  await proxy.start();
  proxies.push(proxy);
  return proxy;
}

const snapshotPoll = (bearer: string, node: string) =>
  fetch(`${consoleProc.url}/api/xds/snapshot?node=${node}&version=0&waitMs=0`, {
    headers: { authorization: `Bearer ${bearer}` },
  });

const secretsPoll = (bearer: string, query: string, signal?: AbortSignal) =>
  fetch(`${consoleProc.url}/api/xds/secrets?${query}`, { headers: { authorization: `Bearer ${bearer}` }, signal });

describe("proxy join and identity", () => {
  it("joins with a token, gets a SPIFFE certificate from the CA, and polls as itself with a signed token", async () => {
    const ca = await carol.call("GET", "/api/security/ca");
    expect(ca.body.roots.filter((r: { state: string }) => r.state === "active")).toHaveLength(1);
    const stateDir = newStateDir();
    const proxy = await startJoined("edge-1", {
      joinToken: await joinToken("edge-1", "edge"),
      stateDir,
      gateway: "edge",
    });
    const identity = proxy.identity!.current()!;
    expect(identity.spiffeId).toBe("spiffe://cluster.local/proxy/edge-1");
    const cert = new X509Certificate(identity.certChainPem);
    expect(cert.subjectAltName).toBe("URI:spiffe://cluster.local/proxy/edge-1");
    expect(cert.verify(new X509Certificate(identity.caBundlePem).publicKey)).toBe(true);
    expect(statSync(path.join(stateDir, "identity.json")).mode & 0o777).toBe(0o600);
    // Its snapshot poll and ACK were accepted: the console lists it as synced.
    await proxy.waitForVersion(1, 15_000);
    await eventually("edge-1 listed as synced", async () => {
      const list = await carol.call("GET", "/api/proxies");
      return list.body.proxies.some((p: { id: string; state: string }) => p.id === "edge-1" && p.state === "synced");
    });
    const listed = await carol.call("GET", "/api/security/identities");
    expect(listed.body.identities[0]).toMatchObject({ nodeId: "edge-1", gateway: "edge", state: "valid" });
    // A proxy speaks only as itself.
    const other = await snapshotPoll(signProxyToken(identity), "edge-2");
    expect(other.status).toBe(403);
  });

  it("refuses a join token used twice, an expired one and a forged signed token", async () => {
    const token = await joinToken("edge-twice");
    const { csrPem } = await newKeyAndCsr("edge-twice");
    const join = (t: string) =>
      fetch(`${consoleProc.url}/api/xds/join`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token: t, csrPem }),
      });
    expect((await join(token)).status).toBe(200);
    const again = await join(token);
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("used");
    expect((await join("sbj_not-a-token")).status).toBe(401);
    // Forged: a self-made key with the real certificate in x5c does not verify.
    const edge1 = proxies[0]!.identity!.current()!;
    const forged = signProxyToken({ ...edge1, privateKeyPem: (await newKeyAndCsr("x")).privateKeyPem });
    expect((await snapshotPoll(forged, "edge-1")).status).toBe(401);
  });

  it.skipIf(process.env.TEST_DATABASE_URL === undefined)("refuses an expired join token", async () => {
    const token = await joinToken("edge-late");
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    await client.query("UPDATE join_tokens SET expires_at = now() - interval '1 second' WHERE node_id = 'edge-late'");
    await client.end();
    const { csrPem } = await newKeyAndCsr("edge-late");
    const res = await fetch(`${consoleProc.url}/api/xds/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token, csrPem }),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("expired");
  });

  it("renews with a new key and restarts from its state dir without a token", async () => {
    const stateDir = newStateDir();
    const proxy = await startJoined("edge-renew", { joinToken: await joinToken("edge-renew"), stateDir });
    const before = proxy.identity!.current()!;
    const changed: string[] = [];
    proxy.identity!.onChange((i) => changed.push(i.certChainPem));
    await (proxy.identity as unknown as { renew(): Promise<void> }).renew();
    const after = proxy.identity!.current()!;
    expect(changed).toEqual([after.certChainPem]);
    expect(after.privateKeyPem).not.toBe(before.privateKeyPem);
    expect(new X509Certificate(after.certChainPem).serialNumber).not.toBe(
      new X509Certificate(before.certChainPem).serialNumber,
    );
    expect(after.spiffeId).toBe(before.spiffeId);
    expect((await snapshotPoll(signProxyToken(after), "edge-renew")).status).toBe(200);
    await proxy.stop(0);
    proxies.splice(proxies.indexOf(proxy), 1);
    const restarted = await startJoined("edge-renew", { stateDir });
    expect(restarted.identity!.current()!.certChainPem).toBe(after.certChainPem);
    await restarted.waitForVersion(1, 15_000);
  });

  it("revoking an identity refuses the proxy's next poll", async () => {
    const proxy = proxies.find((p) => p.identity?.current()?.spiffeId.endsWith("/edge-renew"))!;
    const bearer = signProxyToken(proxy.identity!.current()!);
    expect((await snapshotPoll(bearer, "edge-renew")).status).toBe(200);
    const listed = await carol.call("GET", "/api/security/identities");
    const row = listed.body.identities.find((i: { nodeId: string }) => i.nodeId === "edge-renew");
    expect((await carol.call("POST", `/api/security/identities/${row.id}/revoke`)).status).toBe(200);
    const refused = await snapshotPoll(bearer, "edge-renew");
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain("revoked");
    const after = await carol.call("GET", "/api/security/identities");
    expect(
      after.body.identities
        .filter((i: { nodeId: string; state: string }) => i.nodeId === "edge-renew")
        .map((i: { state: string }) => i.state),
    ).toEqual(["revoked", "revoked"]);
  });
});

/** Two gateways whose routes reach two services with upstream client credentials a-upstream and b-upstream. */
async function publishTwoGateways(): Promise<number> {
  const alice = await ApiSession.login(consoleProc.url, "alice", "alice-editor-pw");
  const bob = await ApiSession.login(consoleProc.url, "bob", "bob-approver-pw");
  const draft = await alice.call("GET", "/api/changes/draft");
  const mesh = structuredClone(draft.body.proposed);
  const svc = (name: string, credentialName: string) => ({
    name,
    host: `${name}.demo.svc.cluster.local`,
    description: "",
    external: false,
    versions: [{ name: "v1", labels: {}, endpoints: [{ address: "127.0.0.1", port: 9, weight: 1 }] }],
    trafficPolicy: { tls: { mode: "MUTUAL", credentialName } },
  });
  const route = (name: string, gateway: string, service: string) => ({
    name,
    semantics: "istio",
    creationOrder: 0,
    hosts: [`${name}.example`],
    gateways: [gateway],
    listenerRefs: [],
    rules: [{ name: "", matches: [], destinations: [{ service, version: "v1", weight: 100 }] }],
  });
  mesh.services.push(svc("svc-a", "a-upstream"), svc("svc-b", "b-upstream"));
  mesh.gateways.push(
    { name: "gw-a", listeners: [{ name: "http", port: 8081, protocol: "HTTP", hosts: ["*"] }] },
    { name: "gw-b", listeners: [{ name: "http", port: 8082, protocol: "HTTP", hosts: ["*"] }] },
  );
  mesh.routes.push(route("route-a", "gw-a", "svc-a"), route("route-b", "gw-b", "svc-b"));
  const saved = await alice.call("PUT", `/api/changes/${draft.body.id}`, {
    revision: draft.body.revision,
    proposed: mesh,
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const submitted = await alice.call("POST", `/api/changes/${draft.body.id}/submit`);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const approved = await bob.call("POST", `/api/changes/${draft.body.id}/approve`, {});
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body.producedVersion;
}

const issue = (name: string, dnsName: string) =>
  carol.call("POST", "/api/security/certificates/issue", { name, dnsNames: [dnsName] });

describe("secret discovery", () => {
  let gwA: Proxy;

  it("gives a proxy of gateway A only A's secrets, plus ROOTCA", async () => {
    const version = await publishTwoGateways();
    expect((await issue("a-upstream", "a.internal")).status).toBe(201);
    expect((await issue("b-upstream", "b.internal")).status).toBe(201);
    gwA = await startJoined("gw-a-1", {
      joinToken: await joinToken("gw-a-1", "gw-a"),
      stateDir: newStateDir(),
      gateway: "gw-a",
    });
    await gwA.waitForVersion(version, 15_000);
    const bearer = signProxyToken(gwA.identity!.current()!);
    const res = await secretsPoll(bearer, "node=gw-a-1&gateway=gw-a");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      hash: string;
      secrets: { name: string; privateKeyPem?: string; caBundlePem?: string }[];
    };
    expect(body.secrets.map((s) => s.name)).toEqual(["ROOTCA", "a-upstream"]);
    expect(body.secrets[1]!.privateKeyPem).toContain("BEGIN PRIVATE KEY");
    expect(body.secrets[0]!.caBundlePem).toBe(gwA.identity!.current()!.caBundlePem);
    // Claiming gateway B is refused; so is asking as another node.
    expect((await secretsPoll(bearer, "node=gw-a-1&gateway=gw-b")).status).toBe(403);
    expect((await secretsPoll(bearer, "node=gw-b-1&gateway=gw-b")).status).toBe(403);
    // The list API shows metadata only.
    const listed = await carol.call("GET", "/api/security/certificates");
    expect(JSON.stringify(listed.body)).not.toContain("PRIVATE KEY");
    // A proxy of gateway B (demo shared token, loopback console) gets B's, not A's.
    const b = await secretsPoll(PROXY_TOKEN, "node=gw-b-1&gateway=gw-b");
    const bNames = ((await b.json()) as { secrets: { name: string }[] }).secrets.map((s) => s.name);
    expect(bNames).toEqual(["ROOTCA", "b-upstream"]);
  });

  it("uploads a PEM credential, refusing a mismatched key, garbage and reserved names with 400 naming the field", async () => {
    const root = await createRoot("example.com", 30);
    const keys = await newKeyPair();
    const leaf = await issueLeaf({
      issuerCertPem: root.certPem,
      issuerKey: await importSigningKey(root.keyPem),
      publicKey: keys.publicKey,
      commonName: "shop.example.com",
      dnsNames: ["shop.example.com"],
      ttlMs: 86_400_000,
    });
    const keyPem = await privateKeyPem(keys.privateKey);
    const otherKey = await privateKeyPem((await newKeyPair()).privateKey);
    const upload = (body: object) => carol.call("POST", "/api/security/certificates", body);
    const mismatched = await upload({ name: "shop", certChainPem: leaf.certPem, privateKeyPem: otherKey });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.error.issues).toEqual([
      { path: ["privateKeyPem"], message: "the key does not belong to the (first) certificate" },
    ]);
    const garbage = await upload({ name: "shop", certChainPem: "hello", privateKeyPem: keyPem });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.issues[0].path).toEqual(["certChainPem"]);
    const reserved = await upload({ name: "ROOTCA", certChainPem: leaf.certPem, privateKeyPem: keyPem });
    expect(reserved.status).toBe(400);
    expect(JSON.stringify(reserved.body.error.issues)).toContain("name");
    const ok = await upload({
      name: "shop",
      certChainPem: leaf.certPem,
      privateKeyPem: keyPem,
      caBundlePem: root.certPem,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ name: "shop", source: "uploaded", sans: ["shop.example.com"], hasCaBundle: true });
    expect(JSON.stringify(ok.body)).not.toContain("PRIVATE KEY");
    expect((await upload({ name: "shop", certChainPem: leaf.certPem, privateKeyPem: keyPem })).status).toBe(409);
    const victor = await ApiSession.login(consoleProc.url, "victor", "victor-viewer-pw");
    expect((await victor.call("GET", "/api/security/certificates")).status).toBe(200);
    expect(
      (
        await victor.call("POST", "/api/security/certificates", {
          name: "v",
          certChainPem: leaf.certPem,
          privateKeyPem: keyPem,
        })
      ).status,
    ).toBe(403);
  });

  it("answers 304 when nothing changed, and wakes a held poll when its secret changes", async () => {
    const bearer = signProxyToken(gwA.identity!.current()!);
    const first = (await (await secretsPoll(bearer, "node=gw-a-1&gateway=gw-a")).json()) as { hash: string };
    expect((await secretsPoll(bearer, `node=gw-a-1&gateway=gw-a&hash=${first.hash}&waitMs=300`)).status).toBe(304);
    const held = secretsPoll(bearer, `node=gw-a-1&gateway=gw-a&hash=${first.hash}&waitMs=15000`);
    // Another gateway's change wakes nothing for A; A's own secret replaced does.
    expect((await issue("b-other", "b2.internal")).status).toBe(201);
    const listed = await carol.call("GET", "/api/security/certificates");
    const a = listed.body.secrets.find((s: { name: string }) => s.name === "a-upstream");
    expect((await carol.call("DELETE", `/api/security/certificates/${a.id}`)).status).toBe(200);
    const res = await held;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { hash: string; secrets: { name: string }[] };
    expect(body.secrets.map((s) => s.name)).toEqual(["ROOTCA"]);
    expect(body.hash).not.toBe(first.hash);
  });

  it("rotating the root puts both roots in ROOTCA; retiring the old one drops it", async () => {
    const bearer = signProxyToken(gwA.identity!.current()!);
    const rotated = await carol.call("POST", "/api/security/ca/rotate");
    expect(rotated.status).toBe(200);
    const states = rotated.body.roots.map((r: { state: string }) => r.state);
    expect(states).toEqual(["active", "trusted"]);
    const bundle = async () => {
      const body = (await (await secretsPoll(bearer, "node=gw-a-1&gateway=gw-a")).json()) as {
        secrets: { name: string; caBundlePem?: string }[];
      };
      return body.secrets.find((s) => s.name === "ROOTCA")!.caBundlePem!.match(/BEGIN CERTIFICATE/g)!.length;
    };
    expect(await bundle()).toBe(2);
    // The proxy's certificate (from the old root) still authenticates during the overlap.
    const old = rotated.body.roots.find((r: { state: string }) => r.state === "trusted");
    const retired = await carol.call("POST", `/api/security/ca/roots/${old.id}/retire`);
    expect(retired.body.roots.map((r: { state: string }) => r.state)).toEqual(["active", "retired"]);
    // Retired: certificates it signed no longer verify.
    expect((await secretsPoll(signProxyToken(gwA.identity!.current()!), "node=gw-a-1&gateway=gw-a")).status).toBe(401);
  });
});
