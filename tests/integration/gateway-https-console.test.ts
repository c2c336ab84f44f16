/**
 * Gateway TLS end to end, as an operator meets it: an admin issues a certificate from the console's CA for an
 * internal name, an editor adds an HTTPS listener naming it, an approver rolls it out, and a proxy that joined with a
 * one-time token fetches the key through secret discovery and serves HTTPS on the listener's port. Clients trust
 * the CA's root from the Security API; no key travels in a snapshot or an export.
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeshConfig } from "../../lib/core/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";
import { httpsGet } from "../helpers/tls-client.ts";
import { startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

const HOST = "secure.demo.local";
let consoleProc: RunningProcess & { url: string };
let db: { url: string; drop(): Promise<void> } | null;
let dataDir: string | undefined;
let stateDir: string;
let upstream: TestUpstream;
let proxy: Proxy | undefined;
let alice: ApiSession;
let bob: ApiSession;
let carol: ApiSession;

beforeAll(async () => {
  upstream = await startUpstream("secure-api");
  db = await createTestDatabaseUrl();
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-https-"));
  stateDir = mkdtempSync(path.join(os.tmpdir(), "sb-https-proxy-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_DEMO_BASE_PORT: String(testPort(19700)), SIGNALBOX_POLL_WAIT_MS: "20000" },
  });
  [alice, bob, carol] = await Promise.all([
    ApiSession.login(consoleProc.url, "alice", "alice-editor-pw"),
    ApiSession.login(consoleProc.url, "bob", "bob-approver-pw"),
    ApiSession.login(consoleProc.url, "carol", "carol-admin-pw"),
  ]);
}, 120_000);

afterAll(async () => {
  await proxy?.stop(0);
  await consoleProc?.stop();
  await upstream?.close();
  rmSync(stateDir, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
});

function withSecureGateway(mesh: MeshConfig, httpsPort: number): MeshConfig {
  return {
    ...mesh,
    services: [
      ...mesh.services,
      {
        name: "secure-api",
        host: "secure-api.internal",
        description: "",
        external: false,
        ports: [],
        versions: [{ name: "v1", labels: {}, endpoints: [{ address: "127.0.0.1", port: upstream.port, weight: 1 }] }],
      },
    ],
    gateways: [
      ...mesh.gateways,
      {
        name: "secure-gw",
        listeners: [
          {
            name: "https",
            port: httpsPort,
            protocol: "HTTPS",
            hosts: [HOST],
            tls: { mode: "SIMPLE", credentialNames: ["secure-cert"] },
          },
        ],
      },
    ],
    routes: [
      ...mesh.routes,
      {
        name: "secure",
        semantics: "istio",
        creationOrder: 1000,
        hosts: [HOST],
        gateways: ["secure-gw"],
        listenerRefs: [],
        rules: [{ matches: [], destinations: [{ service: "secure-api", version: "v1", weight: 100 }] }],
      } as unknown as MeshConfig["routes"][number],
    ],
  };
}

describe("an HTTPS gateway listener with a certificate from the console's CA", () => {
  it("is served by a joined proxy with the issued certificate, trusted through the CA's root", async () => {
    const issued = await carol.call("POST", "/api/security/certificates/issue", {
      name: "secure-cert",
      dnsNames: [HOST],
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);

    const ca = await carol.call("GET", "/api/security/ca");
    expect(ca.status).toBe(200);
    const rootPem: string = ca.body.roots.find((r: { state: string }) => r.state === "active").certPem;
    expect(rootPem).toContain("-----BEGIN CERTIFICATE-----");
    expect(JSON.stringify(ca.body)).not.toContain("PRIVATE KEY");

    const httpsPort = await freePort();
    const draft = await alice.call("GET", "/api/changes/draft");
    expect(draft.status).toBe(200);
    const saved = await alice.call("PUT", `/api/changes/${draft.body.id}`, {
      revision: draft.body.revision,
      title: "HTTPS for secure.demo.local",
      proposed: withSecureGateway(draft.body.proposed as MeshConfig, httpsPort),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await alice.call("POST", `/api/changes/${draft.body.id}/submit`)).status).toBe(200);
    const approved = await bob.call("POST", `/api/changes/${draft.body.id}/approve`, { note: "ok" });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const version = approved.body.producedVersion as number;

    const exported = await alice.call("GET", "/api/export?format=istio");
    expect(String(exported.body)).toContain("credentialName: secure-cert");
    expect(String(exported.body)).not.toContain("PRIVATE KEY");

    const join = await carol.call("POST", "/api/security/join-tokens", { nodeId: "secure-edge", gateway: "secure-gw" });
    expect(join.status, JSON.stringify(join.body)).toBe(201);
    proxy = createProxy({
      nodeId: "secure-edge",
      gateway: "secure-gw",
      consoleUrl: consoleProc.url,
      joinToken: join.body.token,
      stateDir,
      gatewayPorts: true,
      logLevel: "silent",
      pollWaitMs: 2_000,
    });
    await proxy.start();
    await proxy.waitForVersion(version, 20_000);
    await eventually("the HTTPS port to open", () => proxy!.ports().includes(httpsPort));

    const res = await eventually("the HTTPS listener to serve", () =>
      httpsGet(httpsPort, HOST, { ca: rootPem, path: "/hello" }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).upstream).toBe("secure-api");
    expect(res.peer.subjectAltName).toContain(`DNS:${HOST}`);
    expect(res.peer.verify(new X509Certificate(rootPem).publicKey)).toBe(true);
    expect(upstream.seen.at(-1)?.headers["x-forwarded-proto"]).toBe("https");
  }, 120_000);
});
