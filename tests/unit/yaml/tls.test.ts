import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { compileMesh } from "@/lib/core/compile/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import type { z } from "zod";
import { MeshConfigSchema, VersionSchema, type ClientTls, type MeshConfigInput } from "@/lib/core/model/index.ts";
import { exportGatewayApi, exportIstio, importGatewayApi, importIstio } from "@/lib/core/yaml/index.ts";
import { validateObject } from "./schemas.ts";

const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
const issues = (r: { report: { documents: { issues: { path: unknown[]; message: string }[] }[] } }) =>
  r.report.documents.flatMap((d) => d.issues);

const istioGateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 80, name: http, protocol: HTTP}
      hosts: ["*"]
      tls: {httpsRedirect: true}
    - port: {number: 443, name: https, protocol: HTTPS}
      hosts: [a.example.com, b.example.com]
      tls: {mode: SIMPLE, credentialNames: [a-cert, b-cert], minProtocolVersion: TLSV1_3}
    - port: {number: 8443, name: mtls, protocol: HTTPS}
      hosts: [api.example.com]
      tls: {mode: MUTUAL, credentialName: api-cert}
`;

describe("gateway TLS import and export", () => {
  it("imports Istio servers[].tls (SIMPLE, MUTUAL, httpsRedirect) without an issue and exports the same", () => {
    const r = importIstio(istioGateway);
    expect(issues(r)).toEqual([]);
    const listeners = r.mesh.gateways[0]!.listeners;
    expect(listeners.map((l) => [l.name, l.tls, l.httpsRedirect])).toEqual([
      ["http", undefined, true],
      ["https", { mode: "SIMPLE", credentialNames: ["a-cert", "b-cert"], minProtocolVersion: "TLSV1_3" }, undefined],
      ["mtls", { mode: "MUTUAL", credentialNames: ["api-cert"] }, undefined],
    ]);
    const text = exportIstio(r.mesh);
    for (const d of docs(text)) expect(validateObject(d)).toEqual({ ok: true, errors: [] });
    const servers = (docs(text)[0]!.spec as { servers: { tls?: unknown }[] }).servers;
    expect(servers.map((s) => s.tls)).toEqual([
      { httpsRedirect: true },
      { mode: "SIMPLE", credentialNames: ["a-cert", "b-cert"], minProtocolVersion: "TLSV1_3" },
      { mode: "MUTUAL", credentialName: "api-cert" },
    ]);
    expect(importIstio(text).mesh).toEqual(r.mesh);
  });

  it("reports PASSTHROUGH, AUTO_PASSTHROUGH and ISTIO_MUTUAL servers and certificate file paths", () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 443, name: pass, protocol: HTTPS}
      hosts: [a.example.com]
      tls: {mode: PASSTHROUGH}
    - port: {number: 444, name: auto, protocol: HTTPS}
      hosts: [b.example.com]
      tls: {mode: AUTO_PASSTHROUGH}
    - port: {number: 445, name: mesh, protocol: HTTPS}
      hosts: [c.example.com]
      tls: {mode: ISTIO_MUTUAL}
    - port: {number: 446, name: files, protocol: HTTPS}
      hosts: [d.example.com]
      tls: {mode: SIMPLE, credentialName: d-cert, serverCertificate: /etc/cert.pem, privateKey: /etc/key.pem}
`;
    const r = importIstio(yaml);
    const found = issues(r).map((i) => `${i.path.join(".")}: ${i.message.split(":")[0]}`);
    expect(found).toEqual([
      "spec.servers.0.tls.mode: TLS mode PASSTHROUGH is not supported",
      "spec.servers.1.tls.mode: TLS mode AUTO_PASSTHROUGH is not supported",
      "spec.servers.2.tls.mode: TLS mode ISTIO_MUTUAL is not supported",
      "spec.servers.3.tls.serverCertificate: certificate files are not imported",
      "spec.servers.3.tls.privateKey: certificate files are not imported",
    ]);
    expect(issues(r).find((i) => i.path.includes("privateKey"))!.message).toMatch(/use credentialName/);
    expect(r.report.documents[0]!.status).toBe("unsupported");
    // Not dropped silently: the listeners stay, without TLS, and validation says they need it.
    const mesh = MeshConfigSchema.parse(r.mesh);
    const codes = validateMesh(mesh).map((i) => i.code);
    expect(codes.filter((c) => c === "SB501")).toHaveLength(3);
  });

  it("imports Gateway API listener tls (certificateRefs by name) and exports it valid and the same", () => {
    const yaml = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  gatewayClassName: signalbox
  listeners:
    - name: https
      hostname: a.example.com
      port: 443
      protocol: HTTPS
      tls:
        mode: Terminate
        certificateRefs: [{kind: Secret, name: a-cert}, {name: a-cert-ecdsa}]
    - name: mtls
      hostname: api.example.com
      port: 8443
      protocol: HTTPS
      tls:
        certificateRefs: [{name: api-cert}]
        options: {signalbox.io/mode: MUTUAL, signalbox.io/min-protocol-version: TLSV1_3}
`;
    const r = importGatewayApi(yaml);
    expect(issues(r)).toEqual([]);
    expect(r.mesh.gateways[0]!.listeners.map((l) => l.tls)).toEqual([
      { mode: "SIMPLE", credentialNames: ["a-cert", "a-cert-ecdsa"] },
      { mode: "MUTUAL", credentialNames: ["api-cert"], minProtocolVersion: "TLSV1_3" },
    ]);
    const text = exportGatewayApi(r.mesh).yaml;
    for (const d of docs(text)) expect(validateObject(d)).toEqual({ ok: true, errors: [] });
    expect(importGatewayApi(text).mesh.gateways).toEqual(r.mesh.gateways);
    expect(exportGatewayApi(importGatewayApi(text).mesh).yaml).toBe(text);
  });

  it("imports spec.tls.frontend (default and perPort) as MUTUAL listeners with client CAs, exports it CRD-valid and the same", () => {
    const yaml = (mode: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  gatewayClassName: signalbox
  tls:
    frontend:
      default:
        validation:
          caCertificateRefs: [{group: "", kind: ConfigMap, name: clients-ca}]
      perPort:
        - port: 8443
          tls:
            validation: {mode: ${mode}, caCertificateRefs: [{group: "", kind: Secret, name: partners-ca}]}
  listeners:
    - {name: web, port: 80, protocol: HTTP}
    - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: a-cert}]}}
    - {name: partners, port: 8443, hostname: p.example.com, protocol: HTTPS, tls: {certificateRefs: [{name: p-cert}]}}
`;
    const r = importGatewayApi(yaml("AllowInsecureFallback"));
    expect(issues(r)).toEqual([]);
    expect(r.mesh.gateways[0]!.listeners.map((l) => l.tls)).toEqual([
      undefined,
      { mode: "MUTUAL", credentialNames: ["a-cert"], clientCaNames: ["clients-ca"] },
      {
        mode: "MUTUAL",
        credentialNames: ["p-cert"],
        clientCaNames: ["partners-ca"],
        clientValidation: "AllowInsecureFallback",
      },
    ]);
    const text = exportGatewayApi(r.mesh).yaml;
    for (const d of docs(text)) expect(validateObject(d)).toEqual({ ok: true, errors: [] });
    expect(importGatewayApi(text).mesh.gateways).toEqual(r.mesh.gateways);
    expect(exportGatewayApi(importGatewayApi(text).mesh).yaml).toBe(text);
    // The proxy fetches the CA secrets with the listener credentials.
    expect(compileMesh(r.mesh).listeners.flatMap((l) => l.tls?.clientCaNames ?? [])).toEqual([
      "clients-ca",
      "partners-ca",
    ]);
    // One configuration for every HTTPS listener is written as the default.
    const same = importGatewayApi(yaml("AllowValidOnly").replace("name: partners-ca", "name: clients-ca")).mesh;
    expect(docs(exportGatewayApi(same).yaml)[0]!.spec).toMatchObject({
      tls: {
        frontend: { default: { validation: { caCertificateRefs: [{ kind: "ConfigMap", name: "clients-ca" }] } } },
      },
    });
  });

  it("skips an HTTPS listener whose frontend validation names no usable CA, rather than serve it unverified", () => {
    const yaml = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  gatewayClassName: signalbox
  tls: {frontend: {default: {validation: {caCertificateRefs: [{group: example.com, kind: Vault, name: x}]}}}}
  listeners:
    - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: a-cert}]}}
    - {name: web, port: 80, protocol: HTTP}
`;
    const r = importGatewayApi(yaml);
    expect(issues(r).map((i) => i.path.join("."))).toEqual([
      "spec.tls.frontend.default.validation.caCertificateRefs.0",
      "spec.listeners.0",
    ]);
    expect(r.mesh.gateways[0]!.listeners.map((l) => l.name)).toEqual(["web"]);
  });

  it("Istio MUTUAL takes its client CA from caCertCredentialName, both ways", () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 443, name: https, protocol: HTTPS}
      hosts: [api.example.com]
      tls: {mode: MUTUAL, credentialName: api-cert, caCertCredentialName: clients-ca}
`;
    const r = importIstio(yaml);
    expect(issues(r)).toEqual([]);
    expect(r.mesh.gateways[0]!.listeners[0]!.tls).toEqual({
      mode: "MUTUAL",
      credentialNames: ["api-cert"],
      clientCaNames: ["clients-ca"],
    });
    expect(exportIstio(r.mesh)).toContain("caCertCredentialName: clients-ca");
    expect(importIstio(exportIstio(r.mesh)).mesh.gateways).toEqual(r.mesh.gateways);
  });

  it("reports a Passthrough Gateway API listener", () => {
    const yaml = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  gatewayClassName: signalbox
  listeners:
    - {name: tls, port: 443, protocol: HTTPS, tls: {mode: Passthrough}}
`;
    const found = issues(importGatewayApi(yaml)).map((i) => i.path.join("."));
    expect(found).toEqual(["spec.listeners.0.tls.mode"]);
  });
});

describe("DestinationRule trafficPolicy.tls", () => {
  const dr = (tls: string, extra = "") => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: payments}
spec:
  host: api.payments.example.com
  trafficPolicy:
    tls: ${tls}
${extra}`;

  it("imports every mode with sni, subjectAltNames and insecureSkipVerify, exports it valid, round trip stable", () => {
    for (const tls of [
      "{mode: SIMPLE, sni: api.payments.example.com, subjectAltNames: [api.payments.example.com]}",
      "{mode: MUTUAL, credentialName: payments-client}",
      "{mode: ISTIO_MUTUAL}",
      "{mode: DISABLE}",
      "{mode: SIMPLE, credentialName: payments-ca, insecureSkipVerify: true}",
    ]) {
      const r = importIstio(dr(tls));
      expect(issues(r), tls).toEqual([]);
      const text = exportIstio(r.mesh);
      for (const d of docs(text)) expect(validateObject(d), tls).toEqual({ ok: true, errors: [] });
      expect(importIstio(text).mesh, tls).toEqual(r.mesh);
      expect(exportIstio(importIstio(text).mesh)).toBe(text);
    }
    const simple = importIstio(dr("{mode: SIMPLE, sni: s.example.com, subjectAltNames: [x.example.com]}"));
    expect(simple.mesh.services[0]!.trafficPolicy?.tls).toEqual({
      mode: "SIMPLE",
      sni: "s.example.com",
      subjectAltNames: ["x.example.com"],
    });
  });

  it("a subset's trafficPolicy.tls is that version's upstream TLS: imported, compiled into its cluster, exported", () => {
    const subset = `  subsets:
    - name: v1
      labels: {version: v1}
      trafficPolicy: {tls: {mode: MUTUAL, credentialName: v1-client}}
    - name: v2
      labels: {version: v2}
`;
    const r = importIstio(dr("{mode: SIMPLE}", subset));
    expect(issues(r)).toEqual([]);
    const svc = r.mesh.services[0]!;
    expect(svc.versions.map((v) => [v.name, v.tls])).toEqual([
      ["v1", { mode: "MUTUAL", credentialName: "v1-client" }],
      ["v2", undefined],
    ]);
    const clusters = compileMesh(MeshConfigSchema.parse(r.mesh)).clusters;
    expect(clusters.map((c) => [c.name, c.trafficPolicy?.tls?.mode])).toEqual([
      ["payments/v1", "MUTUAL"],
      ["payments/v2", "SIMPLE"],
    ]);
    const text = exportIstio(r.mesh);
    for (const d of docs(text)) expect(validateObject(d)).toEqual({ ok: true, errors: [] });
    expect(importIstio(text).mesh).toEqual(r.mesh);
    expect(exportIstio(importIstio(text).mesh)).toBe(text);
  });

  it("reports certificate file paths (use credentialName) and a subset's trafficPolicy beyond tls", () => {
    const subset = `  subsets:
    - name: v1
      labels: {version: v1}
      trafficPolicy: {loadBalancer: {simple: RANDOM}}
`;
    const r = importIstio(
      dr("{mode: MUTUAL, clientCertificate: /etc/c.pem, privateKey: /etc/k.pem, caCertificates: /etc/ca.pem}", subset),
    );
    const found = issues(r).map((i) => [i.path.join("."), i.message]);
    expect(found.map((f) => f[0])).toEqual([
      "spec.subsets.0.trafficPolicy.loadBalancer",
      "spec.trafficPolicy.tls.clientCertificate",
      "spec.trafficPolicy.tls.privateKey",
      "spec.trafficPolicy.tls.caCertificates",
    ]);
    expect(found.slice(1).every((f) => f[1]!.includes("use credentialName"))).toBe(true);
  });
});

describe("TLS validation codes", () => {
  const mesh = (input: Partial<MeshConfigInput>) =>
    MeshConfigSchema.parse({ services: [], gateways: [], routes: [], ...input });
  const codes = (m: ReturnType<typeof mesh>) => validateMesh(m).map((i) => `${i.code} ${i.path.join(".")}`);
  const svc = (tls: ClientTls) => ({
    name: "api",
    host: "api.example.com",
    versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: 443 }] } as z.input<typeof VersionSchema>],
    trafficPolicy: { tls },
  });

  it("HTTPS without tls, tls on HTTP, httpsRedirect on HTTPS", () => {
    const m = mesh({
      gateways: [
        {
          name: "edge",
          listeners: [
            { name: "a", port: 443, protocol: "HTTPS", hosts: ["a.example.com"] },
            { name: "b", port: 80, protocol: "HTTP", hosts: ["*"], tls: { mode: "SIMPLE", credentialNames: ["c"] } },
            {
              name: "c",
              port: 8443,
              protocol: "HTTPS",
              hosts: ["*"],
              httpsRedirect: true,
              tls: { mode: "SIMPLE", credentialNames: ["c"] },
            },
            { name: "d", port: 8080, protocol: "HTTP", hosts: ["*"], httpsRedirect: true },
          ],
        },
      ],
    });
    expect(codes(m)).toEqual([
      "SB501 gateways.0.listeners.0.tls",
      "SB502 gateways.0.listeners.1.tls",
      "SB503 gateways.0.listeners.2.httpsRedirect",
    ]);
    expect(validateMesh(m).find((i) => i.code === "SB503")!.severity).toBe("warning");
  });

  it("MUTUAL upstream without credentialName, ISTIO_MUTUAL with one", () => {
    expect(codes(mesh({ services: [svc({ mode: "MUTUAL" })] }))).toEqual([
      "SB504 services.0.trafficPolicy.tls.credentialName",
    ]);
    expect(codes(mesh({ services: [svc({ mode: "ISTIO_MUTUAL", credentialName: "x" })] }))).toEqual([
      "SB505 services.0.trafficPolicy.tls.credentialName",
    ]);
    expect(codes(mesh({ services: [svc({ mode: "MUTUAL", credentialName: "x" })] }))).toEqual([]);
    const perVersion = svc({ mode: "SIMPLE" });
    perVersion.versions[0]!.tls = { mode: "MUTUAL" };
    expect(codes(mesh({ services: [perVersion] }))).toEqual(["SB504 services.0.versions.0.tls.credentialName"]);
  });
});
