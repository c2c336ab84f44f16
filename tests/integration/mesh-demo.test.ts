import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "../../lib/core/compile/index.ts";
import { bookinfoMesh, bookinfoSidecars } from "../../lib/core/demo/bookinfo.ts";
import { MetricsBatchSchema, type MeshConfig } from "../../lib/core/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { demoCalls, sidecarNodeId } from "../../scripts/demo/sidecars.ts";
import { startDemoUpstreams, type DemoUpstream } from "../../scripts/demo/upstreams.ts";
import { eventually } from "../helpers/eventually.ts";
import { startFakeConsole, type FakeConsole } from "../helpers/fake-console.ts";
import { testPort } from "../helpers/ports.ts";
import { issueCert, makeCa, removeCertWorkDir, writeSecret } from "../helpers/test-certs.ts";
import { get } from "../helpers/upstreams.ts";

/**
 * The `npm start` mesh demo's wiring, from its own building blocks (lib/core/demo/bookinfo.ts, scripts/demo/): the
 * Bookinfo apps calling onward through their sidecars' outbound ports, the sidecars on the ports the seeded mesh
 * names, the namespace STRICT, and the edge gateway. Workload certificates come from a test mesh CA in
 * --secrets-dir (the demo's come from join tokens; tests/integration/security-identity.test.ts covers joining).
 * One request entering the gateway crosses gateway → productpage → reviews → ratings, each hop mTLS.
 */
const TD = "mesh.demo.test";
const BASE = testPort(19700);
const id = (workload: string) => `spiffe://${TD}/ns/default/sa/${workload}`;
const GATEWAY_ID = `spiffe://${TD}/proxy/edge-1`;

let consoleSrv: FakeConsole;
let apps: DemoUpstream[] = [];
let gateway: Proxy;
const sidecars: Proxy[] = [];
const dirs: string[] = [];

/** The seeded demo mesh, reviews all on v2 so every request goes on to ratings (v1 calls nobody, as in Bookinfo). */
function demoMesh(): MeshConfig {
  const mesh = bookinfoMesh({ basePort: BASE, sidecars: true });
  mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations = [
    { service: "reviews", version: "v2", weight: 100 },
  ];
  return mesh;
}

function secretsDir(name: string, spiffeId: string, ca: ReturnType<typeof makeCa>): string {
  const dir = mkdtempSync(path.join(tmpdir(), `signalbox-mesh-demo-${name}-`));
  dirs.push(dir);
  writeSecret(dir, "default", { cert: issueCert(ca, name, [`URI:${spiffeId}`]) });
  writeSecret(dir, "ROOTCA", { caPem: ca.certPem });
  return dir;
}

beforeAll(async () => {
  const ca = makeCa("mesh demo root");
  consoleSrv = await startFakeConsole({ token: "t" });
  const snapshot = buildSnapshot(demoMesh(), 1);
  consoleSrv.publish(snapshot);
  for (const s of bookinfoSidecars(BASE)) {
    const proxy = createProxy({
      nodeId: sidecarNodeId(s),
      consoleUrl: consoleSrv.url,
      token: "t",
      port: s.outboundPort,
      sidecar: { cluster: `${s.service}/${s.version}`, inboundPort: s.inboundPort, appPort: s.port },
      secretsDir: secretsDir(sidecarNodeId(s), id(s.service), ca),
      metricsIntervalMs: 100,
      logLevel: "silent",
    });
    sidecars.push(proxy);
    await proxy.start();
  }
  gateway = createProxy({
    nodeId: "edge-1",
    consoleUrl: consoleSrv.url,
    token: "t",
    gateway: "edge",
    port: 0,
    secretsDir: secretsDir("edge-1", GATEWAY_ID, ca),
    metricsIntervalMs: 100,
    logLevel: "silent",
  });
  await gateway.start();
  await Promise.all([gateway, ...sidecars].map((p) => p.waitForVersion(1)));
  apps = await startDemoUpstreams(BASE, "127.0.0.1", 1, { calls: demoCalls(BASE) });
}, 60_000);

afterAll(async () => {
  await Promise.all([gateway, ...sidecars].map((p) => p?.stop(500)));
  await Promise.all(apps.map((a) => a.close()));
  await consoleSrv?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  removeCertWorkDir();
});

interface Hop {
  service: string;
  version: string;
  xfcc?: string;
  calls?: Record<string, { status: number; body: Hop }>;
}

describe("the npm start mesh demo", () => {
  it("a request entering edge-1 reaches ratings through the sidecars, each hop mTLS with the caller's identity", async () => {
    const r = await get(gateway.port, "/", { host: "productpage.demo" });
    expect(r.status, r.body).toBe(200);
    const productpage = JSON.parse(r.body) as Hop;
    // The gateway originated mTLS to the STRICT productpage (auto mTLS): its sidecar names the gateway's identity.
    expect(productpage).toMatchObject({ service: "productpage", version: "v1" });
    expect(productpage.xfcc).toBe(`By=${id("productpage")};URI=${GATEWAY_ID}`);
    const reviews = productpage.calls!["reviews.demo"]!;
    expect(reviews.status).toBe(200);
    expect(reviews.body).toMatchObject({ service: "reviews", version: "v2" });
    expect(reviews.body.xfcc).toBe(`By=${id("reviews")};URI=${id("productpage")}`);
    const ratings = reviews.body.calls!["ratings.demo"]!;
    expect(ratings.status).toBe(200);
    expect(ratings.body).toMatchObject({ service: "ratings", version: "v1" });
    expect(ratings.body.xfcc).toBe(`By=${id("ratings")};URI=${id("reviews")}`);
  });

  it("STRICT: plaintext straight to a sidecar's inbound is refused, and never reaches the app", async () => {
    const ratings = bookinfoSidecars(BASE).find((s) => s.service === "ratings")!;
    const refused = await get(ratings.inboundPort, "/", { host: "ratings.demo" }).then(
      (x) => `HTTP ${x.status}`,
      (e: NodeJS.ErrnoException) => e.code ?? e.message,
    );
    expect(["ECONNRESET", "socket hang up"]).toContain(refused);
  });

  it("the workloads without a sidecar (DISABLE) are still called in plaintext by the gateway", async () => {
    const r = await get(gateway.port, "/", { host: "details.demo" });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ service: "details", version: "v1" });
    expect(JSON.parse(r.body)).not.toHaveProperty("xfcc");
  });

  it("ratings is read-only (the demo's DENY policy): its sidecar refuses a POST with 403, a GET still passes", async () => {
    const denied = await get(gateway.port, "/", { host: "ratings.demo" }, "POST", "{}");
    expect(denied.status).toBe(403);
    expect(denied.body).toBe("RBAC: access denied");
    const read = await get(gateway.port, "/", { host: "ratings.demo" });
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ service: "ratings", version: "v1" });
  });

  it("the sidecars report the locked service-to-service edges with the callers' identities", async () => {
    const keys = await eventually(
      "locked edges from the productpage, reviews and ratings sidecars",
      () => {
        const seen = new Set(
          consoleSrv.metrics
            .flatMap((b) => MetricsBatchSchema.parse(b).series)
            .filter((s) => s.source !== undefined && s.requests > 0)
            .map((s) => `${s.source}>${s.cluster}>${s.mtls}`),
        );
        const wanted = [
          `${GATEWAY_ID}>productpage/v1>locked`,
          `${id("productpage")}>reviews/v2>locked`,
          `${id("reviews")}>ratings/v1>locked`,
        ];
        return wanted.every((k) => seen.has(k)) ? seen : null;
      },
      10_000,
      100,
    );
    expect([...keys].every((k) => k.endsWith(">locked"))).toBe(true);
  });
});
