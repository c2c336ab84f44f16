import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import type { Snapshot } from "@/lib/core/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { importIstio } from "@/lib/core/yaml/index.ts";
import { startProxyChild, type ProxyChild } from "../helpers/proxy-child.ts";
import { issueCert, makeCa, writeSecret } from "../helpers/test-certs.ts";
import { startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

/**
 * Ports per destination through the real proxy: one service `reviews.test` with two ports, each endpoint taking
 * them on different numbers (a plain HTTP server for `http` 9080, an HTTPS server for `https` 9443), and a
 * DestinationRule whose portLevelSettings give 9443 its own load balancer (consistent hash on x-user) and TLS.
 */
const ca = makeCa("reviews test CA");
const cert = issueCert(ca, "reviews.test");

interface TlsUpstream {
  name: string;
  port: number;
  seen: { sni: string | undefined; path: string | undefined }[];
  close(): Promise<void>;
}

async function startTlsUpstream(name: string): Promise<TlsUpstream> {
  const seen: TlsUpstream["seen"] = [];
  const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const socket = req.socket as tls.TLSSocket & { servername?: string };
    seen.push({ sni: socket.servername || undefined, path: req.url });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ upstream: name }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    name,
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

function reviewsYaml(plain: TestUpstream[], secure: TlsUpstream[]): string {
  const endpoints = plain
    .map((p, i) => `{address: 127.0.0.1, ports: {http: ${p.port}, https: ${secure[i]!.port}}}`)
    .join(", ");
  return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: reviews}
spec:
  hosts: [reviews.test]
  location: MESH_INTERNAL
  resolution: STATIC
  ports: [{number: 9080, name: http, protocol: HTTP}, {number: 9443, name: https, protocol: HTTPS}]
  endpoints: [${endpoints}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews}
spec:
  host: reviews.test
  trafficPolicy:
    loadBalancer: {simple: ROUND_ROBIN}
    portLevelSettings:
    - port: {number: 9443}
      loadBalancer: {consistentHash: {httpHeaderName: x-user}}
      tls: {mode: SIMPLE, credentialName: reviews-ca, sni: reviews.test}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews.test]
  http:
  - match: [{uri: {prefix: /secure}}]
    route: [{destination: {host: reviews.test, port: {number: 9443}}}]
  - route: [{destination: {host: reviews.test, port: {number: 9080}}}]
`;
}

let plain: TestUpstream[];
let secure: TlsUpstream[];
let proxy: ProxyChild;
let secretsDir: string;
let snapshot: Snapshot;

function call(urlPath: string, user?: string): Promise<{ status: number; upstream: string | undefined }> {
  return new Promise((resolve, reject) =>
    http
      .get(
        {
          host: "127.0.0.1",
          port: proxy.port,
          path: urlPath,
          headers: { host: "reviews.test", ...(user ? { "x-user": user } : {}) },
        },
        (r) => {
          let body = "";
          r.on("data", (c: Buffer) => (body += c.toString()));
          r.on("end", () => {
            const parsed = r.statusCode === 200 ? (JSON.parse(body) as { upstream: string }) : undefined;
            resolve({ status: r.statusCode ?? 0, upstream: parsed?.upstream });
          });
        },
      )
      .on("error", reject),
  );
}

async function sequential<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await f(i));
  return out;
}

beforeAll(async () => {
  plain = [await startUpstream("plain-1"), await startUpstream("plain-2")];
  secure = [await startTlsUpstream("secure-1"), await startTlsUpstream("secure-2")];
  secretsDir = mkdtempSync(path.join(tmpdir(), "signalbox-destination-ports-"));
  writeSecret(secretsDir, "reviews-ca", { caPem: ca.certPem });
  const imported = importIstio(reviewsYaml(plain, secure));
  // Nothing is reported but the version name a destination without subset gets, and the ServiceEntry's HTTPS port
  // (read as HTTP/1.1 with TLS originated per the DestinationRule, never a client's TLS passed through).
  const notes = imported.report.documents.flatMap((d) => d.issues.map((i) => i.message));
  const httpsPort = /^port \S+: protocol HTTPS is read as HTTP\/1\.1 to the endpoints/;
  expect(notes.some((m) => httpsPort.test(m))).toBe(true);
  expect(notes.filter((m) => !m.startsWith("no subset:") && !httpsPort.test(m))).toEqual([]);
  const mesh = MeshConfigSchema.parse(imported.mesh);
  expect(validateMesh(mesh).filter((i) => i.code === "SB310" || i.severity === "error")).toEqual([]);
  snapshot = buildSnapshot(mesh, 1);
  proxy = await startProxyChild(snapshot, ["--secrets-dir", secretsDir, "--admin-port", "0"]);
}, 60_000);

afterAll(async () => {
  await proxy?.kill();
  for (const u of [...(plain ?? []), ...(secure ?? [])]) await u.close();
  if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
});

describe("a destination's port picks that port's endpoints and policy (two ports of one service)", () => {
  it("the snapshot carries 9443's own endpoints and policy; 9080 behaves like the cluster and needs none", () => {
    const cluster = snapshot.config.clusters.find((c) => c.name === "reviews/default")!;
    expect(cluster.endpoints.map((e) => e.port).sort()).toEqual(plain.map((p) => p.port).sort());
    expect(cluster.byPort?.map((p) => p.port)).toEqual([9443]);
    expect(cluster.byPort![0]!.endpoints.map((e) => e.port).sort()).toEqual(secure.map((s) => s.port).sort());
    expect(cluster.byPort![0]!.trafficPolicy?.tls?.mode).toBe("SIMPLE");
  });

  it("port 9080: plain HTTP to the endpoints' http numbers, round robin across both", async () => {
    const answers = await sequential(4, () => call("/reviews/1"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.upstream))).toEqual(new Set(["plain-1", "plain-2"]));
    expect(secure.flatMap((s) => s.seen)).toEqual([]);
  });

  it("port 9443: TLS (verified, SNI reviews.test) to the endpoints' https numbers, one endpoint per x-user", async () => {
    for (const user of ["alice", "bob", "carol"]) {
      const answers = await sequential(4, () => call("/secure/reviews", user));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      // Consistent hash on x-user (9443's own load balancer): the same endpoint every time.
      expect(new Set(answers.map((a) => a.upstream)).size).toBe(1);
      expect(answers[0]!.upstream).toMatch(/^secure-/);
    }
    expect(secure.flatMap((s) => s.seen).every((s) => s.sni === "reviews.test")).toBe(true);
    expect(plain.flatMap((p) => p.seen).filter((s) => s.url.startsWith("/secure"))).toEqual([]);
  });

  it("the hash spreads users over both https endpoints (not the round robin of 9080)", async () => {
    const users = Array.from({ length: 16 }, (_, i) => `user-${i}`);
    const answers = await sequential(users.length, (i) => call("/secure/spread", users[i]));
    expect(new Set(answers.map((a) => a.upstream))).toEqual(new Set(["secure-1", "secure-2"]));
  });

  it("/stats shows the port's runtime beside the cluster's, each with its own endpoints", async () => {
    const stats = (await (await fetch(`http://127.0.0.1:${proxy.adminPort}/stats`)).json()) as {
      clusters: { name: string; endpoints: { address: string }[] }[];
    };
    const byName = new Map(stats.clusters.map((c) => [c.name, c.endpoints.map((e) => e.address).sort()]));
    expect(byName.get("reviews/default")).toEqual(plain.map((p) => `127.0.0.1:${p.port}`).sort());
    expect(byName.get("reviews/default:9443")).toEqual(secure.map((s) => `127.0.0.1:${s.port}`).sort());
  });
});
