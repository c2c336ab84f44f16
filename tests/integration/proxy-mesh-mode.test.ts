import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type tls from "node:tls";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "../../lib/core/compile/index.ts";
import {
  MeshConfigSchema,
  MetricsBatchSchema,
  type AuthorizationPolicyInput,
  type MeshConfig,
  type PeerAuthentication,
} from "../../lib/core/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { startFakeConsole, type FakeConsole } from "../helpers/fake-console.ts";
import {
  issueCert,
  makeCa,
  removeCertWorkDir,
  writeSecret,
  type TestCa,
  type TestCert,
} from "../helpers/test-certs.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

/**
 * Mesh mode through real proxies: three sidecars (productpage, reviews, ratings) in front of real apps, their
 * workload certificates from a test mesh CA in --secrets-dir (as the console's CA would issue them), config from a
 * console. The test plays the apps' part when calling out: app → its sidecar's outbound (plain HTTP, Host = the
 * service) → the peer sidecar's inbound (mTLS, per PeerAuthentication) → the peer app.
 */
const TD = "mesh.test";
const id = (service: string) => `spiffe://${TD}/ns/default/sa/${service}`;

let meshCa: TestCa;
let otherCa: TestCa;
let consoleSrv: FakeConsole;
const apps: Record<string, TestUpstream> = {};
const sidecars: Record<string, Proxy> = {};
const dirs: string[] = [];
let version = 0;

function mesh(
  peerAuthentications: Partial<PeerAuthentication>[],
  policies: AuthorizationPolicyInput[] = [],
): MeshConfig {
  const service = (name: string, inbound: number) => ({
    name,
    host: name,
    versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: inbound }] }],
  });
  const route = (name: string) => ({
    name,
    hosts: [name],
    gateways: [],
    rules: [{ destinations: [{ service: name, version: "v1", weight: 100 }] }],
  });
  return MeshConfigSchema.parse({
    services: [
      ...["productpage", "reviews", "ratings"].map((s) => service(s, sidecars[s]!.inboundPort!)),
      // Registered at the productpage sidecar's inbound: its certificate says productpage, not imposter.
      service("imposter", sidecars.productpage!.inboundPort!),
    ],
    gateways: [],
    routes: ["productpage", "reviews", "ratings", "imposter"].map(route),
    peerAuthentications,
    authorizationPolicies: policies,
  });
}

async function apply(m: MeshConfig): Promise<void> {
  version++;
  consoleSrv.publish(buildSnapshot(m, version));
  await Promise.all(Object.values(sidecars).map((p) => p.waitForVersion(version)));
}

/** The app beside `from` calls `service` through its sidecar's outbound port. */
async function call(from: string, service: string, p = "/") {
  const app = apps[service.replace("imposter", "productpage")]!;
  const before = app.seen.length;
  const r = await get(sidecars[from]!.port, p, { host: `${service}:9080` });
  return { ...r, seen: app.seen.slice(before) };
}

/** Plain HTTP straight to a sidecar's inbound port: the status, or the error the connection ended with. */
function plaintext(service: string): Promise<{ status?: number; error?: string }> {
  return get(sidecars[service]!.inboundPort!, "/", { host: service }).then(
    (r) => ({ status: r.status }),
    (e: NodeJS.ErrnoException) => ({ error: e.code ?? e.message }),
  );
}

/**
 * A mesh client's call to an inbound port: its certificate, the mesh CA trusted, and (as auto mTLS does) the peer
 * judged by its SPIFFE ID rather than a DNS name. The status and the URI SAN the sidecar presented.
 */
function mtlsGet(port: number, cert: TestCert): Promise<{ status: number; peer: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        path: "/",
        headers: { host: "ratings" },
        ca: meshCa.certPem,
        cert: cert.certPem,
        key: cert.keyPem,
        agent: false,
        checkServerIdentity: () => undefined,
      },
      (res) => {
        const peer = (res.socket as tls.TLSSocket).getPeerCertificate().subjectaltname;
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, peer }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  meshCa = makeCa("mesh root");
  otherCa = makeCa("another root");
  consoleSrv = await startFakeConsole({ token: "t" });
  for (const service of ["productpage", "reviews", "ratings"]) {
    apps[service] = await startUpstream(`${service}-app`);
    const dir = mkdtempSync(path.join(tmpdir(), `signalbox-sidecar-${service}-`));
    dirs.push(dir);
    writeSecret(dir, "default", { cert: issueCert(meshCa, `${service}.sidecar`, [`URI:${id(service)}`]) });
    writeSecret(dir, "ROOTCA", { caPem: meshCa.certPem });
    sidecars[service] = createProxy({
      nodeId: `${service}-v1-sidecar`,
      consoleUrl: consoleSrv.url,
      token: "t",
      port: 0,
      sidecar: { cluster: `${service}/v1`, inboundPort: 0, appPort: apps[service].port },
      secretsDir: dir,
      metricsIntervalMs: 100,
      logLevel: "silent",
    });
    await sidecars[service].start();
  }
  await apply(mesh([]));
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(sidecars).map((p) => p.stop(500)));
  await Promise.all(Object.values(apps).map((a) => a.close()));
  await consoleSrv?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  removeCertWorkDir();
});

describe("mesh mode: sidecars with mTLS", () => {
  it("app → outbound → peer inbound (mTLS) → app: the peer app learns the caller's SPIFFE ID", async () => {
    const r = await call("reviews", "ratings", "/ratings/0");
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ upstream: "ratings-app", url: "/ratings/0", host: "ratings:9080" });
    expect(r.seen).toHaveLength(1);
    expect(r.seen[0]!.headers["x-forwarded-client-cert"]).toBe(`By=${id("ratings")};URI=${id("reviews")}`);
    expect(r.seen[0]!.headers["x-forwarded-proto"]).toBe("https");
  });

  it("PERMISSIVE (no PeerAuthentication): plaintext callers are served too, without a caller identity", async () => {
    expect(await plaintext("ratings")).toEqual({ status: 200 });
    expect(apps.ratings!.seen.at(-1)!.headers["x-forwarded-client-cert"]).toBeUndefined();
    const mtls = await call("productpage", "ratings");
    expect(mtls.seen[0]!.headers["x-forwarded-client-cert"]).toContain(`URI=${id("productpage")}`);
  });

  it("auto mTLS checks the peer's identity: an endpoint whose certificate names another service is refused", async () => {
    const r = await call("reviews", "imposter");
    expect(r.status).toBe(503);
    expect(r.body).toContain("upstream TLS error");
    expect(r.seen).toEqual([]);
  });

  describe("STRICT", () => {
    beforeAll(() =>
      apply(
        mesh([
          {
            name: "ratings",
            namespace: "default",
            selector: { matchLabels: { app: "ratings" } },
            mtls: { mode: "STRICT" },
          },
        ]),
      ),
    );

    it("mesh callers pass through their sidecars", async () => {
      expect((await call("reviews", "ratings")).status).toBe(200);
    });

    it("a plaintext caller is refused at the connection, and never reaches the app", async () => {
      const before = apps.ratings!.seen.length;
      const r = await plaintext("ratings");
      expect(r.status).toBeUndefined();
      expect(["ECONNRESET", "socket hang up"]).toContain(r.error);
      expect(apps.ratings!.seen.length).toBe(before);
      expect(sidecars.ratings!.stats()).toMatchObject({ sidecar: { mode: "STRICT", identity: id("ratings") } });
    });

    it("a client certificate from another CA fails the handshake; one from the mesh CA is served", async () => {
      const port = sidecars.ratings!.inboundPort!;
      const refused = await mtlsGet(port, issueCert(otherCa, "intruder", [`URI:${id("reviews")}`])).then(
        () => "served",
        (e: NodeJS.ErrnoException) => e.code ?? e.message,
      );
      expect(refused).not.toBe("served");
      const ok = await mtlsGet(port, issueCert(meshCa, "test-client", [`URI:${id("productpage")}`]));
      expect(ok.status).toBe(200);
      expect(ok.peer).toBe(`URI:${id("ratings")}`);
      const counted = sidecars.ratings!.stats().sidecar!.refused;
      expect(counted.plaintext).toBeGreaterThan(0);
      expect(counted.handshake).toBeGreaterThan(0);
    });

    it("portLevelMtls PERMISSIVE on the app port lets plaintext in again", async () => {
      await apply(
        mesh([
          {
            name: "ratings",
            namespace: "default",
            selector: { matchLabels: { app: "ratings" } },
            mtls: { mode: "STRICT" },
            portLevelMtls: { [String(apps.ratings!.port)]: { mode: "PERMISSIVE" } },
          },
        ]),
      );
      expect(await plaintext("ratings")).toEqual({ status: 200 });
    });
  });

  describe("DISABLE", () => {
    beforeAll(() => apply(mesh([{ name: "default", namespace: "istio-system", mtls: { mode: "DISABLE" } }])));

    it("peers call in plaintext (auto mTLS follows the destination's mode) and TLS is refused", async () => {
      const r = await call("reviews", "ratings");
      expect(r.status).toBe(200);
      expect(r.seen[0]!.headers["x-forwarded-client-cert"]).toBeUndefined();
      expect(r.seen[0]!.headers["x-forwarded-proto"]).toBe("http");
      const tls = await mtlsGet(sidecars.ratings!.inboundPort!, issueCert(meshCa, "c", [`URI:${id("reviews")}`])).then(
        () => "served",
        (e: NodeJS.ErrnoException) => e.code ?? e.message,
      );
      expect(tls).not.toBe("served");
    });
  });

  describe("AuthorizationPolicy by the caller sidecar's identity", () => {
    beforeAll(() =>
      apply(
        mesh(
          [{ name: "default", namespace: "istio-system", mtls: { mode: "STRICT" } }],
          [
            {
              name: "ratings-from-reviews",
              selector: { matchLabels: { app: "ratings" } },
              action: "ALLOW",
              rules: [{ from: [{ source: { principals: [`${TD}/ns/default/sa/reviews`] } }] }],
            },
          ],
        ),
      ),
    );

    it("allows reviews and denies productpage with 403 RBAC: access denied, before the app", async () => {
      const allowed = await call("reviews", "ratings");
      expect(allowed.status).toBe(200);
      expect(allowed.seen).toHaveLength(1);
      const denied = await call("productpage", "ratings");
      expect(denied.status).toBe(403);
      expect(denied.body).toBe("RBAC: access denied");
      expect(denied.seen).toEqual([]);
    });

    it("reports service-to-service edges with the caller's identity and the mTLS state to the console", async () => {
      const edges = await eventually(
        "edge series from the ratings sidecar",
        () => {
          const series = consoleSrv.metrics
            .filter((b) => b.node === "ratings-v1-sidecar")
            .flatMap((b) => MetricsBatchSchema.parse(b).series)
            .filter((s) => s.source !== undefined);
          const locked = series.filter((s) => s.mtls === "locked");
          return locked.some((s) => s.source === id("productpage") && s.status["4xx"] > 0) ? series : null;
        },
        10_000,
        100,
      );
      const key = (s: (typeof edges)[number]) => `${s.source}>${s.cluster}>${s.mtls}`;
      const keys = new Set(edges.map(key));
      expect(keys).toContain(`${id("reviews")}>ratings/v1>locked`);
      expect(keys).toContain(`${id("reviews")}>ratings/v1>permissive`);
      expect(keys).toContain(`unknown>ratings/v1>plain`);
      expect(edges.every((s) => s.route === "-")).toBe(true);
    });
  });
});

// The outbound serves mesh routes only: a host no route names is 404 there, as on any listener.
describe("mesh mode: outbound", () => {
  it("answers 404 for a host without a mesh route", async () => {
    const r = await new Promise<number>((resolve, reject) =>
      http
        .get({ host: "127.0.0.1", port: sidecars.reviews!.port, headers: { host: "nowhere:9080" } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject),
    );
    expect(r).toBe(404);
  });
});
