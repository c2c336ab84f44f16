import { rmSync, mkdtempSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { importIstio } from "@/lib/core/yaml/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { startProxyChild, type ProxyChild } from "../helpers/proxy-child.ts";
import { issueCert, makeCa, writeSecret } from "../helpers/test-certs.ts";

const upstreamCa = makeCa("upstream test CA");
const clientCa = makeCa("proxy client CA");
const serverCert = issueCert(upstreamCa, "api.external.test");
const proxyClient = issueCert(clientCa, "edge-proxy.test");

interface HttpsUpstream {
  port: number;
  seen: { sni: string | undefined; clientCn: string | undefined; path: string | undefined }[];
  close(): Promise<void>;
}

/** A local HTTPS API (the "external" service): records the SNI it was asked for and the client certificate. */
async function startHttpsUpstream(mutual: boolean): Promise<HttpsUpstream> {
  const seen: HttpsUpstream["seen"] = [];
  const server = https.createServer(
    {
      cert: serverCert.certPem,
      key: serverCert.keyPem,
      requestCert: mutual,
      rejectUnauthorized: mutual,
      ca: mutual ? clientCa.certPem : undefined,
    },
    (req, res) => {
      const socket = req.socket as tls.TLSSocket & { servername?: string };
      const cn = socket.getPeerX509Certificate()?.subject.replace(/^CN=/, "");
      seen.push({ sni: socket.servername || undefined, clientCn: cn, path: req.url });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, clientCn: cn ?? null }));
    },
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** A ServiceEntry for the external API with its DestinationRule (TLS origination) and a VirtualService. */
function externalApi(name: string, port: number, tlsYaml: string, annotations = "{}"): string {
  return `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}}
spec:
  hosts: [${name}.external.test]
  location: MESH_EXTERNAL
  resolution: STATIC
  ports: [{number: 443, name: https, protocol: HTTPS}]
  endpoints: [{address: 127.0.0.1, ports: {https: ${port}}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, annotations: ${annotations}}
spec:
  host: ${name}.external.test
  trafficPolicy:
    tls: ${tlsYaml}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}}
spec:
  hosts: [${name}.external.test]
  http: [{route: [{destination: {host: ${name}.external.test}}]}]
---
`;
}

let simple: HttpsUpstream;
let mutual: HttpsUpstream;
let proxy: ProxyChild;
let secretsDir: string;

function call(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) =>
    http
      .get({ host: "127.0.0.1", port: proxy.port, path: "/v1/things", headers: { host } }, (r) => {
        let body = "";
        r.on("data", (c: Buffer) => (body += c.toString()));
        r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
      })
      .on("error", reject),
  );
}

beforeAll(async () => {
  simple = await startHttpsUpstream(false);
  mutual = await startHttpsUpstream(true);
  secretsDir = mkdtempSync(path.join(tmpdir(), "signalbox-upstream-secrets-"));
  writeSecret(secretsDir, "upstream-ca", { caPem: upstreamCa.certPem });
  writeSecret(secretsDir, "proxy-client", { cert: proxyClient, caPem: upstreamCa.certPem });
  // ISTIO_MUTUAL: the proxy's workload certificate and the mesh trust bundle, by their SDS names.
  writeSecret(secretsDir, "default", {
    cert: issueCert(clientCa, "spiffe-workload", ["URI:spiffe://test.local/ns/default/sa/edge"]),
  });
  writeSecret(secretsDir, "ROOTCA", { caPem: upstreamCa.certPem });
  const sni = "sni: api.external.test";
  const yaml = [
    externalApi("api", simple.port, "{mode: SIMPLE, credentialName: upstream-ca}"),
    externalApi(
      "wrongsan",
      simple.port,
      `{mode: SIMPLE, credentialName: upstream-ca, ${sni}, subjectAltNames: [billing.external.test]}`,
    ),
    externalApi("noca", simple.port, `{mode: SIMPLE, ${sni}}`),
    externalApi("plain", simple.port, "{mode: DISABLE}"),
    externalApi("mtls", mutual.port, `{mode: MUTUAL, credentialName: proxy-client, ${sni}}`),
    externalApi("nocert", mutual.port, `{mode: SIMPLE, credentialName: upstream-ca, ${sni}}`),
    externalApi("mesh", mutual.port, "{mode: ISTIO_MUTUAL}"),
    externalApi(
      "checked",
      simple.port,
      `{mode: SIMPLE, credentialName: upstream-ca, ${sni}}`,
      `{signalbox.dev/health-check: '{"path":"/healthz","intervalMs":100,"timeoutMs":1000,"unhealthyThreshold":1,"healthyThreshold":1}'}`,
    ),
  ].join("");
  const imported = importIstio(yaml);
  // Nothing about the DestinationRules' TLS is reported; only that a destination without subset goes to a version
  // named "default", and the ServiceEntry's HTTPS port (read as HTTP/1.1: TLS is originated per the DestinationRule,
  // a client's TLS is never passed through).
  const notes = imported.report.documents.flatMap((d) => d.issues.map((i) => i.message));
  const httpsPort = /^port \S+: protocol HTTPS is read as HTTP\/1\.1 to the endpoints/;
  expect(notes.some((m) => httpsPort.test(m))).toBe(true);
  expect(notes.filter((m) => !m.startsWith("no subset:") && !httpsPort.test(m))).toEqual([]);
  const mesh = MeshConfigSchema.parse(imported.mesh);
  expect(validateMesh(mesh).filter((i) => i.severity === "error")).toEqual([]);
  proxy = await startProxyChild(buildSnapshot(mesh, 1), ["--secrets-dir", secretsDir, "--admin-port", "0"]);
}, 60_000);

afterAll(async () => {
  await proxy?.kill();
  await simple?.close();
  await mutual?.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

describe("upstream TLS (DestinationRule trafficPolicy.tls)", () => {
  it("SIMPLE: a ServiceEntry for an external HTTPS API, verified by the credential's CA, SNI = the service host", async () => {
    const r = await call("api.external.test");
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, clientCn: null });
    expect(simple.seen.at(-1)!.sni).toBe("api.external.test");
  });

  it("SIMPLE with subjectAltNames the certificate does not have: refused, 503 naming the reason", async () => {
    const r = await call("wrongsan.external.test");
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/^upstream TLS error: .*match none of subjectAltNames \[billing\.external\.test\]/);
  });

  it("SIMPLE without a CA bundle verifies against the system roots: a private CA is refused", async () => {
    const r = await call("noca.external.test");
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/^upstream TLS error: .*(certificate|verify)/i);
  });

  it("DISABLE talks plain HTTP to the port (the TLS server does not answer it as HTTP)", async () => {
    const r = await call("plain.external.test");
    expect(r.status).toBeGreaterThanOrEqual(500);
  });

  it("MUTUAL presents the credential's client certificate; without one the upstream refuses", async () => {
    const r = await call("mtls.external.test");
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, clientCn: "edge-proxy.test" });
    const refused = await call("nocert.external.test");
    expect(refused.status).toBeGreaterThanOrEqual(502);
  });

  it("active health checks probe a TLS upstream with its TLS settings (a plain probe would mark it unhealthy)", async () => {
    await eventually("a /healthz probe over TLS", () => simple.seen.some((s) => s.path === "/healthz") || null);
    const stats = (await (await fetch(`http://127.0.0.1:${proxy.adminPort}/stats`)).json()) as {
      clusters: { name: string; endpoints: { healthy: boolean }[] }[];
    };
    const checked = stats.clusters.find((c) => c.name.startsWith("checked/"))!;
    expect(checked.endpoints.map((e) => e.healthy)).toEqual([true]);
    expect((await call("checked.external.test")).status).toBe(200);
  });

  it("ISTIO_MUTUAL presents the proxy's workload certificate (default) and trusts ROOTCA", async () => {
    const r = await call("mesh.external.test");
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, clientCn: "spiffe-workload" });
  });

  it("a rotated client certificate replaces the pool: the upstream sees the new one", async () => {
    writeSecret(secretsDir, "proxy-client", { cert: issueCert(clientCa, "edge-proxy-2.test") });
    const cn = await eventually(
      "the rotated client certificate upstream",
      async () => {
        const r = await call("mtls.external.test");
        const seen = (JSON.parse(r.body) as { clientCn: string | null }).clientCn;
        return seen === "edge-proxy-2.test" ? seen : null;
      },
      10_000,
      100,
    );
    expect(cn).toBe("edge-proxy-2.test");
  });
});
