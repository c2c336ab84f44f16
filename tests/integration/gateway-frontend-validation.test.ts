import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { hasErrors, parseMesh, validateMesh } from "@/lib/core/validate/index.ts";
import { importYaml } from "@/lib/core/yaml/index.ts";
import { freePort } from "../helpers/ports.ts";
import { startProxyChild } from "../helpers/proxy-child.ts";
import { issueCert, makeCa, writeSecret, type TestCert } from "../helpers/test-certs.ts";
import { httpsGet } from "../helpers/tls-client.ts";
import { startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

/**
 * Gateway API client certificate validation through the real proxy, ported from upstream's conformance tests
 * GatewayFrontendClientCertificateValidation and …InsecureFallback (gateway-with-clientcertificate-validation*.go;
 * not in the v1.6.1 reference index, so not run by tests/conformance): a Gateway with two HTTPS listeners (443 any
 * host, 8443 second-example.org) sharing one server certificate, `spec.tls.frontend.default` trusting one client CA
 * and `perPort` 8443 another. Each port accepts a client certificate of its own CA and refuses the other's
 * (AllowValidOnly); with AllowInsecureFallback both, and no certificate, pass.
 */
const serverCa = makeCa("frontend-validation server CA");
const defaultClientCa = makeCa("default client CA");
const perPortClientCa = makeCa("per-port client CA");
const serverCert = issueCert(serverCa, "example.org", ["example.org", "second-example.org"]);
const defaultClient = issueCert(defaultClientCa, "client");
const perPortClient = issueCert(perPortClientCa, "client-per-port");

const manifest = (mode: "AllowValidOnly" | "AllowInsecureFallback") => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: client-validation
  namespace: infra
spec:
  gatewayClassName: signalbox
  tls:
    frontend:
      default:
        validation:
          mode: ${mode}
          caCertificateRefs:
          - {kind: ConfigMap, group: "", name: default-client-ca}
      perPort:
      - port: 8443
        tls:
          validation:
            mode: ${mode}
            caCertificateRefs:
            - {kind: ConfigMap, group: "", name: per-port-client-ca}
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    tls:
      certificateRefs: [{group: "", kind: Secret, name: server-cert}]
  - name: https-with-hostname
    port: 8443
    hostname: second-example.org
    protocol: HTTPS
    tls:
      certificateRefs: [{group: "", kind: Secret, name: server-cert}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: to-v1, namespace: infra}
spec:
  parentRefs: [{name: client-validation}]
  hostnames: [example.org]
  rules: [{backendRefs: [{name: backend-v1, port: 8080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: to-v2, namespace: infra}
spec:
  parentRefs: [{name: client-validation, sectionName: https-with-hostname}]
  rules: [{backendRefs: [{name: backend-v2, port: 8080}]}]
`;

let v1: TestUpstream;
let v2: TestUpstream;
let secretsDir: string;

/** The manifest through import and validation, endpoints pointed at the echo servers, served by a proxy process. */
async function serve(mode: "AllowValidOnly" | "AllowInsecureFallback") {
  const { mesh: imported, report } = importYaml(manifest(mode));
  // The Gateway imports whole (spec.tls included); the routes only note their backendRef port.
  expect(report.documents.find((d) => d.kind === "Gateway")).toMatchObject({ status: "imported", issues: [] });
  const upstreams: Record<string, TestUpstream> = { v1, v2 };
  const parsed = parseMesh({
    ...imported,
    services: imported.services.map((s) => ({
      ...s,
      versions: s.versions.map((v) => ({
        ...v,
        endpoints: [{ address: "127.0.0.1", port: upstreams[v.name]!.port }],
      })),
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  expect(hasErrors(validateMesh(parsed.mesh))).toBe(false);
  const ports = { 443: await freePort(), 8443: await freePort() };
  const proxy = await startProxyChild(
    buildSnapshot(parsed.mesh, 1),
    ["--secrets-dir", secretsDir, "--port-map", `443=${ports[443]},8443=${ports[8443]}`, "--admin-port", "0"],
    { listen: false },
  );
  return { proxy, ports, mesh: parsed.mesh };
}

/** The upstream that answered, or the request's error code (a refused handshake). */
async function request(port: number, host: string, cert?: TestCert): Promise<string> {
  try {
    const r = await httpsGet(port, host, { ca: serverCa.certPem, ...(cert ? { cert } : {}) });
    return r.status === 200 ? (JSON.parse(r.body) as { upstream: string }).upstream : `status ${r.status}`;
  } catch (e) {
    return `refused (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
}

beforeAll(async () => {
  v1 = await startUpstream("backend-v1");
  v2 = await startUpstream("backend-v2");
  secretsDir = mkdtempSync(path.join(tmpdir(), "signalbox-frontend-validation-"));
  writeSecret(secretsDir, "server-cert", { cert: serverCert });
  // A ConfigMap with ca.crt: a trust anchor only (`<name>.ca.crt` in the secrets directory).
  writeSecret(secretsDir, "default-client-ca", { caPem: defaultClientCa.certPem });
  writeSecret(secretsDir, "per-port-client-ca", { caPem: perPortClientCa.certPem });
}, 60_000);

afterAll(async () => {
  await Promise.all([v1?.close(), v2?.close()]);
  rmSync(secretsDir, { recursive: true, force: true });
});

describe("GatewayFrontendClientCertificateValidation (AllowValidOnly)", () => {
  let served: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => void (served = await serve("AllowValidOnly")), 60_000);
  afterAll(async () => served?.proxy.kill());

  it("imports spec.tls.frontend as MUTUAL listeners with the CA of their port", () => {
    const tls = served.mesh.gateways[0]!.listeners.map((l) => [l.port, l.tls?.mode, l.tls?.clientCaNames]);
    expect(tls).toEqual([
      [443, "MUTUAL", ["default-client-ca"]],
      [8443, "MUTUAL", ["per-port-client-ca"]],
    ]);
  });

  it("default configuration: port 443 takes the default CA's client and refuses the per-port CA's", async () => {
    expect(await request(served.ports[443], "example.org", defaultClient)).toBe("backend-v1");
    expect(await request(served.ports[443], "example.org", perPortClient)).toMatch(/^refused/);
    expect(await request(served.ports[443], "example.org")).toMatch(/^refused/);
  });

  it("per-port configuration: port 8443 takes the per-port CA's client and refuses the default CA's", async () => {
    expect(await request(served.ports[8443], "second-example.org", perPortClient)).toBe("backend-v2");
    expect(await request(served.ports[8443], "second-example.org", defaultClient)).toMatch(/^refused/);
  });
});

describe("GatewayFrontendClientCertificateValidationInsecureFallback", () => {
  let served: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => void (served = await serve("AllowInsecureFallback")), 60_000);
  afterAll(async () => served?.proxy.kill());

  it("port 443: a matching, a non-matching and no client certificate all pass", async () => {
    for (const cert of [defaultClient, perPortClient, undefined])
      expect(await request(served.ports[443], "example.org", cert)).toBe("backend-v1");
  });

  it("port 8443: a matching, a non-matching and no client certificate all pass", async () => {
    for (const cert of [perPortClient, defaultClient, undefined])
      expect(await request(served.ports[8443], "second-example.org", cert)).toBe("backend-v2");
  });
});
