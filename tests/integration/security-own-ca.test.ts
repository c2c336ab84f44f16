/** Bring your own CA: a console started with the operator's root issues proxy certificates from it. */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRoot, fingerprint } from "../../lib/server/security/x509.ts";
import { newKeyAndCsr } from "../../proxy/identity/csr.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { startConsole, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

let consoleProc: RunningProcess & { url: string };
let db: { url: string; drop(): Promise<void> } | null;
let dir: string;
let root: { certPem: string; keyPem: string };

beforeAll(async () => {
  db = await createTestDatabaseUrl();
  dir = mkdtempSync(path.join(os.tmpdir(), "sb-own-ca-"));
  root = await createRoot("mesh.example.org", 365);
  writeFileSync(path.join(dir, "ca.crt"), root.certPem);
  writeFileSync(path.join(dir, "ca.key"), root.keyPem, { mode: 0o600 });
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir: db ? undefined : path.join(dir, "pglite"),
    env: {
      SIGNALBOX_DEMO_BASE_PORT: String(testPort(19700)),
      SIGNALBOX_CA_CERT_FILE: path.join(dir, "ca.crt"),
      SIGNALBOX_CA_KEY_FILE: path.join(dir, "ca.key"),
      SIGNALBOX_TRUST_DOMAIN: "mesh.example.org",
      SIGNALBOX_WORKLOAD_CERT_TTL_HOURS: "2",
      SIGNALBOX_SECRET_KEY: "an-operator-provided-sealing-key-0123456789",
    },
  });
}, 120_000);

afterAll(async () => {
  await consoleProc?.stop();
  rmSync(dir, { recursive: true, force: true });
  await db?.drop();
});

it("uses the operator's root as the active one and issues proxy certificates from it", async () => {
  const carol = await ApiSession.login(consoleProc.url, "carol", "carol-admin-pw");
  const ca = await carol.call("GET", "/api/security/ca");
  expect(ca.body.trustDomain).toBe("mesh.example.org");
  expect(ca.body.roots).toHaveLength(1);
  expect(ca.body.roots[0]).toMatchObject({
    state: "active",
    source: "provided",
    fingerprint: fingerprint(root.certPem),
  });
  expect(JSON.stringify(ca.body)).not.toContain("PRIVATE KEY");

  const created = await carol.call("POST", "/api/security/join-tokens", { nodeId: "reviews-v2", service: "reviews" });
  expect(created.status).toBe(201);
  const { csrPem } = await newKeyAndCsr("reviews-v2");
  const joined = await fetch(`${consoleProc.url}/api/xds/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: created.body.token, csrPem }),
  });
  expect(joined.status).toBe(200);
  const identity = (await joined.json()) as { certChainPem: string; spiffeId: string; caBundlePem: string };
  // Bound to a service: the sidecar's identity is the service's.
  expect(identity.spiffeId).toBe("spiffe://mesh.example.org/ns/default/sa/reviews");
  const cert = new X509Certificate(identity.certChainPem);
  expect(cert.verify(new X509Certificate(root.certPem).publicKey)).toBe(true);
  expect(cert.subjectAltName).toBe("URI:spiffe://mesh.example.org/ns/default/sa/reviews");
  const hours = (Date.parse(cert.validTo) - Date.now()) / 3_600_000;
  expect(hours).toBeGreaterThan(1.9);
  expect(hours).toBeLessThanOrEqual(2);
  expect(identity.caBundlePem.trim()).toBe(root.certPem.trim());
});

it("a sidecar's identity carries its service's namespace in the running config", async () => {
  // ratings moves to namespace `shop` through a reviewed change (alice proposes, bob approves).
  const alice = await ApiSession.login(consoleProc.url, "alice", "alice-editor-pw");
  const running = await alice.call("GET", "/api/mesh");
  const mesh = running.body.mesh as { services: { name: string; namespace?: string }[] };
  mesh.services = mesh.services.map((s) => (s.name === "ratings" ? { ...s, namespace: "shop" } : s));
  const change = await alice.call("POST", "/api/changes", { title: "ratings to shop", proposed: mesh });
  expect(change.status, JSON.stringify(change.body)).toBe(201);
  expect((await alice.call("POST", `/api/changes/${change.body.id}/submit`)).status).toBe(200);
  const bob = await ApiSession.login(consoleProc.url, "bob", "bob-approver-pw");
  const approved = await bob.call("POST", `/api/changes/${change.body.id}/approve`, { note: "" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);

  const carol = await ApiSession.login(consoleProc.url, "carol", "carol-admin-pw");
  const created = await carol.call("POST", "/api/security/join-tokens", { nodeId: "ratings-v1", service: "ratings" });
  expect(created.status).toBe(201);
  const joined = await fetch(`${consoleProc.url}/api/xds/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: created.body.token, csrPem: (await newKeyAndCsr("ratings-v1")).csrPem }),
  });
  expect(joined.status).toBe(200);
  const identity = (await joined.json()) as { certChainPem: string; spiffeId: string };
  expect(identity.spiffeId).toBe("spiffe://mesh.example.org/ns/shop/sa/ratings");
  expect(new X509Certificate(identity.certChainPem).subjectAltName).toBe(
    "URI:spiffe://mesh.example.org/ns/shop/sa/ratings",
  );
});
