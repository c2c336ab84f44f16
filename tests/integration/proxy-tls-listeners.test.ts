import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort } from "../helpers/ports.ts";
import { startProxyChild, type ProxyChild } from "../helpers/proxy-child.ts";
import { issueCert, makeCa, writeSecret, type TestCert } from "../helpers/test-certs.ts";
import { httpsGet, tlsHandshake } from "../helpers/tls-client.ts";
import { startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

const run = promisify(execFile);
const serverCa = makeCa("gateway test CA");
const clientCa = makeCa("client test CA");
const otherCa = makeCa("someone else's CA");
const certA = issueCert(serverCa, "a.test");
const certB = issueCert(serverCa, "b.test", ["b.test", "*.b.test"]);
const certApi = issueCert(serverCa, "api.test");
const certNew = issueCert(serverCa, "new.test");
const goodClient = issueCert(clientCa, "client.test");
const strangerClient = issueCert(otherCa, "client.test");

let upstream: TestUpstream;
let proxy: ProxyChild;
let secretsDir: string;
const caDir = mkdtempSync(path.join(tmpdir(), "signalbox-ca-files-"));
const port = { web: 0, redirect: 0, https: 0, mtls: 0, modern: 0, missing: 0 };

function mesh() {
  const l = (name: string, p: number, hosts: string[], extra: object = {}) => ({ name, port: p, hosts, ...extra });
  const tlsOf = (credentialNames: string[], extra: object = {}) => ({ mode: "SIMPLE", credentialNames, ...extra });
  return MeshConfigSchema.parse({
    services: [
      {
        name: "backend",
        host: "backend.test",
        versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: upstream.port }] }],
      },
    ],
    gateways: [
      {
        name: "edge",
        listeners: [
          l("web", port.web, ["*"]),
          l("redirect", port.redirect, ["*"], { httpsRedirect: true }),
          l("https", port.https, ["a.test", "b.test", "*.b.test"], {
            protocol: "HTTPS",
            tls: tlsOf(["cert-a", "cert-b"]),
          }),
          l("mtls", port.mtls, ["api.test"], { protocol: "HTTPS", tls: tlsOf(["cert-api"], { mode: "MUTUAL" }) }),
          l("modern", port.modern, ["new.test"], {
            protocol: "HTTPS",
            tls: tlsOf(["cert-new"], { minProtocolVersion: "TLSV1_3" }),
          }),
          l("missing", port.missing, ["gone.test"], { protocol: "HTTPS", tls: tlsOf(["cert-nowhere"]) }),
        ],
      },
    ],
    routes: [
      {
        name: "all",
        hosts: ["*"],
        gateways: ["edge"],
        rules: [{ destinations: [{ service: "backend", version: "v1", weight: 100 }] }],
      },
    ],
  });
}

const get = (p: number, host: string, opts: { cert?: TestCert; path?: string } = {}) =>
  httpsGet(p, host, { ca: serverCa.certPem, ...opts });
const handshake = (p: number, options: tls.ConnectionOptions) => tlsHandshake(p, { ca: serverCa.certPem, ...options });

beforeAll(async () => {
  upstream = await startUpstream("backend", (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ proto: req.headers["x-forwarded-proto"], host: req.headers.host }));
    return true;
  });
  for (const k of Object.keys(port) as (keyof typeof port)[]) port[k] = await freePort();
  secretsDir = mkdtempSync(path.join(tmpdir(), "signalbox-secrets-"));
  writeSecret(secretsDir, "cert-a", { cert: certA });
  writeSecret(secretsDir, "cert-b", { cert: certB });
  writeSecret(secretsDir, "cert-api", { cert: certApi, caPem: clientCa.certPem });
  writeSecret(secretsDir, "cert-new", { cert: certNew });
  proxy = await startProxyChild(
    buildSnapshot(mesh(), 1),
    ["--secrets-dir", secretsDir, "--admin-port", "0", "--log-level", "error"],
    { listen: false },
  );
}, 60_000);

afterAll(async () => {
  await proxy?.kill();
  await upstream?.close();
  rmSync(secretsDir, { recursive: true, force: true });
  rmSync(caDir, { recursive: true, force: true });
});

describe("gateway listeners: one port each, HTTPS with SNI, MUTUAL, httpsRedirect", () => {
  it("listens on every listener port of the gateway and serves plain HTTP on the HTTP one", async () => {
    const ready = /"ports":\[([\d,]+)\]/.exec(proxy.output())![1]!.split(",").map(Number);
    expect(ready).toEqual(Object.values(port).sort((a, b) => a - b));
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) =>
      http
        .get({ host: "127.0.0.1", port: port.web, path: "/x", headers: { host: "backend.example" } }, (r) => {
          let body = "";
          r.on("data", (c: Buffer) => (body += c.toString()));
          r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
        })
        .on("error", reject),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ proto: "http", host: "backend.example" });
  });

  it("presents the certificate whose SAN matches the SNI (exact, then wildcard), and forwards with x-forwarded-proto https", async () => {
    const a = await get(port.https, "a.test");
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toEqual({ proto: "https", host: "a.test" });
    expect(a.peer.subject).toContain("CN=a.test");
    expect((await get(port.https, "b.test")).peer.subject).toContain("CN=b.test");
    expect((await get(port.https, "shop.b.test")).peer.subject).toContain("CN=b.test");
    // A Host none of the port's listeners serves: 404, whatever the SNI said.
    const elsewhere = await new Promise<number>((resolve, reject) =>
      https
        .get(
          {
            host: "127.0.0.1",
            port: port.https,
            servername: "a.test",
            headers: { host: "api.test" },
            ca: serverCa.certPem,
            agent: false,
          },
          (r) => (r.resume(), resolve(r.statusCode ?? 0)),
        )
        .on("error", reject),
    );
    expect(elsewhere).toBe(404);
    // Without SNI: the first credential.
    expect((await handshake(port.https, { checkServerIdentity: () => undefined })).subject).toContain("CN=a.test");
  });

  it("curl --cacert --resolve and openssl s_client see the same certificates", async () => {
    const caFile = path.join(caDir, "gateway-ca.pem");
    writeFileSync(caFile, serverCa.certPem);
    const strangerCa = path.join(caDir, "other-ca.pem");
    writeFileSync(strangerCa, otherCa.certPem);
    const refused = await run("curl", [
      "-sS",
      "--cacert",
      strangerCa,
      "--resolve",
      `b.test:${port.https}:127.0.0.1`,
      `https://b.test:${port.https}/curl`,
    ]).catch((e: { stderr?: string }) => ({ stdout: "", stderr: String(e.stderr) }));
    expect(refused.stderr).toMatch(/certificate/i);
    const ok = await run("curl", [
      "-sS",
      "--cacert",
      caFile,
      "--resolve",
      `b.test:${port.https}:127.0.0.1`,
      `https://b.test:${port.https}/curl`,
    ]);
    expect(JSON.parse(ok.stdout)).toEqual({ proto: "https", host: `b.test:${port.https}` });
    const s = await run("sh", [
      "-c",
      `echo | openssl s_client -connect 127.0.0.1:${port.https} -servername a.test -CAfile ${caFile} 2>/dev/null`,
    ]);
    expect(s.stdout).toMatch(/subject=CN ?= ?a\.test/);
    expect(s.stdout).toContain("Verify return code: 0 (ok)");
  });

  it("MUTUAL: refuses a client without a certificate or with one from another CA, accepts a valid one", async () => {
    const none = await handshake(port.mtls, { servername: "api.test" });
    expect(none.subject === undefined || none.error !== undefined).toBe(true);
    expect(none.error?.code ?? "").toMatch(/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|ECONNRESET|CLOSED/);
    const stranger = await handshake(port.mtls, {
      servername: "api.test",
      cert: strangerClient.certPem,
      key: strangerClient.keyPem,
    });
    expect(stranger.error?.code ?? "").toMatch(/UNKNOWN_CA|BAD_CERTIFICATE|ECONNRESET|DECRYPT|CLOSED/);
    const good = await get(port.mtls, "api.test", { cert: goodClient });
    expect(good.status).toBe(200);
    expect(good.peer.subject).toContain("CN=api.test");
  });

  it("refuses TLS 1.1 (1.2 is the minimum) and TLS 1.2 where minProtocolVersion is TLSV1_3", async () => {
    const old = await handshake(port.https, {
      servername: "a.test",
      minVersion: "TLSv1",
      maxVersion: "TLSv1.1",
      ciphers: "DEFAULT@SECLEVEL=0",
    });
    expect(old.error?.code).toBe("ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION");
    const v12 = await handshake(port.modern, { servername: "new.test", maxVersion: "TLSv1.2" });
    expect(v12.error?.code).toBe("ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION");
    expect((await handshake(port.modern, { servername: "new.test" })).subject).toContain("CN=new.test");
    expect((await handshake(port.https, { servername: "a.test", maxVersion: "TLSv1.2" })).subject).toContain(
      "CN=a.test",
    );
  });

  it("httpsRedirect answers 301 to https://host:port/path with the gateway's HTTPS port", async () => {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          { host: "127.0.0.1", port: port.redirect, path: "/p/q?x=1", headers: { host: `a.test:${port.redirect}` } },
          resolve,
        )
        .on("error", reject),
    );
    res.resume();
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`https://a.test:${port.https}/p/q?x=1`);
    const api = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get({ host: "127.0.0.1", port: port.redirect, path: "/", headers: { host: "api.test" } }, resolve)
        .on("error", reject),
    );
    api.resume();
    expect(api.headers.location).toBe(`https://api.test:${port.mtls}/`);
  });

  it("a listener whose credential is missing fails handshakes (never plaintext) and says why in /stats", async () => {
    const r = await handshake(port.missing, { servername: "gone.test" });
    expect(r.error).toBeDefined();
    const plain = await fetch(`http://127.0.0.1:${port.missing}/`).catch((e: Error) => e);
    expect(plain).toBeInstanceOf(Error);
    const stats = (await (await fetch(`http://127.0.0.1:${proxy.adminPort}/stats`)).json()) as {
      listeners: {
        port: number;
        protocol: string;
        certificates: { name: string; notAfter: string }[];
        problems: string[];
        tlsHandshakeFailures: number;
      }[];
    };
    const missing = stats.listeners.find((l) => l.port === port.missing)!;
    expect(missing.problems).toEqual(["credential cert-nowhere: secret not found"]);
    expect(missing.tlsHandshakeFailures).toBeGreaterThan(0);
    const secure = stats.listeners.find((l) => l.port === port.https)!;
    expect(secure.protocol).toBe("HTTPS");
    expect(secure.certificates.map((c) => [c.name, c.notAfter])).toEqual([
      ["cert-a", new Date(new X509Certificate(certA.certPem).validTo).toISOString()],
      ["cert-b", new Date(new X509Certificate(certB.certPem).validTo).toISOString()],
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${proxy.adminPort}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`signalbox_tls_handshake_failures\\{port="${port.missing}"\\} [1-9]`));
  });

  it("a certificate rotated under load: no request fails, and new handshakes present the new certificate", async () => {
    const before = (await get(port.https, "a.test")).peer.serialNumber;
    const rotated = issueCert(serverCa, "a.test");
    let failures = 0;
    let done = 0;
    const load = (async () => {
      for (let i = 0; i < 300; i++) {
        // Each request on a new connection, so handshakes happen while the secret changes.
        const r = await get(port.https, "a.test").catch(() => null);
        if (r?.status !== 200) failures++;
        done++;
      }
    })();
    await eventually("some requests before the rotation", () => done >= 20 || null, 30_000, 5);
    // Key first, then the certificate: for a moment the pair does not match, and the last good one must serve.
    writeSecret(secretsDir, "cert-a-next", { cert: rotated });
    await run("cp", [path.join(secretsDir, "cert-a-next.key"), path.join(secretsDir, "cert-a.key")]);
    await run("cp", [path.join(secretsDir, "cert-a-next.crt"), path.join(secretsDir, "cert-a.crt")]);
    await load;
    expect(done).toBe(300);
    expect(failures).toBe(0);
    const after = await eventually(
      "the rotated certificate",
      async () => {
        const s = (await get(port.https, "a.test")).peer.serialNumber;
        return s !== before ? s : null;
      },
      10_000,
      50,
    );
    expect(after).toBe(new X509Certificate(rotated.certPem).serialNumber);
  }, 60_000);
});
