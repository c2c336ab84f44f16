import { describe, expect, it } from "vitest";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { diffMesh } from "@/lib/core/diff/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { exportIstio, importIstio, importYaml, type DocumentReport } from "@/lib/core/yaml/index.ts";
import { MESH_CORPUS } from "../../fixtures/meshes/index.ts";
import { readReference } from "./schemas.ts";

const sample = (f: string) => readReference(`istio/samples/bookinfo/networking/${f}`);
const brief = (docs: DocumentReport[]) => docs.map((d) => `${d.kind}/${d.name}: ${d.status}`);
const issues = (docs: DocumentReport[]) =>
  docs.flatMap((d) => d.issues.map((i) => `${d.name} ${i.path.join(".")} @${i.line}:${i.column}`));
const split = (mesh: ReturnType<typeof importIstio>["mesh"], route: string, rule = 0) =>
  mesh.routes
    .find((r) => r.name === route)!
    .rules[rule]!.destinations.map((d) => `${d.service}/${d.version} ${d.weight}`);

describe("Istio round trip", () => {
  for (const [name, make] of Object.entries(MESH_CORPUS)) {
    it(`${name}: export → import → export is byte-identical and imports cleanly`, () => {
      const first = exportIstio(make(), { version: 4, hash: "f".repeat(64) });
      const { mesh, report } = importIstio(first);
      expect(report.documents.filter((d) => d.status !== "imported")).toEqual([]);
      expect(exportIstio(mesh, { version: 4, hash: "f".repeat(64) })).toBe(first);
      expect(validateMesh(mesh).filter((i) => i.severity === "error")).toEqual([]);
    });
  }

  it("the imported mesh equals the original except that unlabelled versions gain {version: name}", () => {
    for (const make of Object.values(MESH_CORPUS)) {
      const changes = diffMesh(make(), importIstio(exportIstio(make())).mesh);
      for (const c of changes) expect(c.summary).toMatch(/^labels of version \S+: \{\} → \{"version":"[a-z0-9-]+"\}$/);
    }
  });

  it("keeps what the model says for Bookinfo (same mesh back, modulo subset labels)", () => {
    const { mesh } = importIstio(exportIstio(bookinfoMesh()));
    const expected = [...bookinfoMesh().routes].sort((a, b) => a.name.localeCompare(b.name));
    expect(JSON.parse(JSON.stringify(mesh.routes))).toEqual(expected);
    expect(
      mesh.services.find((s) => s.name === "reviews")!.versions.map((v) => [v.name, v.endpoints[0]!.port]),
    ).toEqual([
      ["v1", 19103],
      ["v2", 19104],
      ["v3", 19105],
    ]);
  });
});

describe("Istio Bookinfo samples", () => {
  it("reviews 80/20 + destination-rule-all gives reviews v1 80 / v2 20 with subsets as versions", () => {
    const { mesh, report } = importIstio(
      `${sample("virtual-service-reviews-80-20.yaml")}\n---\n${sample("destination-rule-all.yaml")}`,
    );
    expect(brief(report.documents)).toEqual([
      "VirtualService/reviews: imported",
      "DestinationRule/productpage: imported",
      "DestinationRule/reviews: imported",
      "DestinationRule/ratings: imported",
      "DestinationRule/details: imported",
    ]);
    expect(split(mesh, "reviews")).toEqual(["reviews/v1 80", "reviews/v2 20"]);
    const reviews = mesh.services.find((s) => s.name === "reviews")!;
    expect(reviews.host).toBe("reviews"); // the short host is kept as written
    expect(reviews.versions.map((v) => [v.name, v.labels])).toEqual([
      ["v1", { version: "v1" }],
      ["v2", { version: "v2" }],
      ["v3", { version: "v3" }],
    ]);
    expect(mesh.services.map((s) => s.name)).toEqual(["details", "productpage", "ratings", "reviews"]);
    expect(mesh.routes[0]!.hosts).toEqual(["reviews"]);
  });

  it("document order does not matter: the route may come before or after its DestinationRule", () => {
    const a = importIstio(
      `${sample("destination-rule-all.yaml")}\n---\n${sample("virtual-service-reviews-80-20.yaml")}`,
    );
    const b = importIstio(
      `${sample("virtual-service-reviews-80-20.yaml")}\n---\n${sample("destination-rule-all.yaml")}`,
    );
    expect(exportIstio(a.mesh)).toBe(exportIstio(b.mesh));
  });

  it("imports every weighted and header-matched sample", () => {
    const cases: Record<string, string[]> = {
      "virtual-service-reviews-90-10.yaml": ["reviews/v1 90", "reviews/v2 10"],
      "virtual-service-reviews-50-v3.yaml": ["reviews/v1 50", "reviews/v3 50"],
      "virtual-service-reviews-v2-v3.yaml": ["reviews/v2 50", "reviews/v3 50"],
      "virtual-service-reviews-v3.yaml": ["reviews/v3 100"],
    };
    for (const [file, want] of Object.entries(cases)) {
      const { mesh, report } = importIstio(sample(file));
      expect(brief(report.documents), file).toEqual(["VirtualService/reviews: imported"]);
      expect(split(mesh, "reviews"), file).toEqual(want);
    }
    const { mesh } = importIstio(sample("virtual-service-reviews-jason-v2-v3.yaml"));
    const rules = mesh.routes[0]!.rules;
    expect(rules[0]!.matches).toEqual([
      { methods: [], headers: [{ name: "end-user", type: "exact", value: "jason" }], queryParams: [] },
    ]);
    expect(split(mesh, "reviews", 0)).toEqual(["reviews/v2 100"]);
    expect(split(mesh, "reviews", 1)).toEqual(["reviews/v3 100"]);
  });

  it("imports fault injection (abort 555, delay 7s)", () => {
    const abort = importIstio(sample("fault-injection-details-v1.yaml"));
    expect(brief(abort.report.documents)).toEqual([
      "VirtualService/details: imported",
      "DestinationRule/details: imported",
    ]);
    expect(abort.mesh.routes[0]!.rules[0]!.fault).toEqual({ abort: { percent: 100, httpStatus: 555 } });
    const delay = importIstio(sample("virtual-service-ratings-test-delay.yaml"));
    expect(delay.mesh.routes[0]!.rules[0]!.fault).toEqual({ delay: { percent: 100, fixedDelayMs: 7000 } });
    const abort500 = importIstio(sample("virtual-service-ratings-test-abort.yaml"));
    expect(abort500.mesh.routes[0]!.rules[0]!.fault).toEqual({ abort: { percent: 100, httpStatus: 500 } });
  });

  it("all-v1, ratings-db/mysql variants import fully", () => {
    for (const f of [
      "virtual-service-all-v1.yaml",
      "virtual-service-ratings-db.yaml",
      "virtual-service-ratings-mysql.yaml",
      "virtual-service-ratings-mysql-vm.yaml",
      "virtual-service-details-v2.yaml",
      "virtual-service-reviews-test-v2.yaml",
      "destination-rule-reviews.yaml",
    ])
      expect(
        importIstio(sample(f)).report.documents.every((d) => d.status === "imported"),
        f,
      ).toBe(true);
    const { mesh } = importIstio(sample("destination-rule-reviews.yaml"));
    expect(mesh.services[0]!.trafficPolicy).toEqual({ loadBalancer: { type: "RANDOM" } });
  });

  it("mTLS DestinationRules import their subsets and ISTIO_MUTUAL upstream TLS", () => {
    const { mesh, report } = importIstio(sample("destination-rule-all-mtls.yaml"));
    expect(brief(report.documents)).toEqual([
      "DestinationRule/productpage: imported",
      "DestinationRule/reviews: imported",
      "DestinationRule/ratings: imported",
      "DestinationRule/details: imported",
    ]);
    expect(issues(report.documents)).toEqual([]);
    expect(mesh.services.map((s) => s.trafficPolicy?.tls?.mode)).toEqual(Array(4).fill("ISTIO_MUTUAL"));
    expect(mesh.services.find((s) => s.name === "reviews")!.versions.map((v) => v.name)).toEqual(["v1", "v2", "v3"]);
  });

  it("the ingress gateway imports; a destination without subset goes to version `default`, its port to a service port", () => {
    const { mesh, report } = importIstio(sample("bookinfo-gateway.yaml"));
    expect(brief(report.documents)).toEqual(["Gateway/bookinfo-gateway: imported", "VirtualService/bookinfo: partial"]);
    expect(report.documents[1]!.issues.map((i) => i.path.join("."))).toEqual(["spec.http.0.route.0.destination"]);
    // No ServiceEntry says what productpage's ports are: the one its destination names, as HTTP.
    expect(mesh.services.find((s) => s.name === "productpage")!.ports).toEqual([
      { name: "http-9080", number: 9080, protocol: "HTTP" },
    ]);
    expect(mesh.routes[0]!.rules[0]!.destinations[0]!.port).toBe(9080);
    expect(mesh.gateways).toEqual([
      { name: "bookinfo-gateway", listeners: [{ name: "http", port: 8080, protocol: "HTTP", hosts: ["*"] }] },
    ]);
    const route = mesh.routes[0]!;
    expect(route.gateways).toEqual(["bookinfo-gateway"]);
    expect(route.rules[0]!.matches.map((m) => m.uri)).toEqual([
      { type: "exact", value: "/productpage" },
      { type: "prefix", value: "/static" },
      { type: "exact", value: "/login" },
      { type: "exact", value: "/logout" },
      { type: "prefix", value: "/api/v1/products" },
    ]);
    expect(split(mesh, "bookinfo")).toEqual(["productpage/default 100"]);
  });

  it("cert-manager gateway (namespace istio-system) imports with the port reported", () => {
    const { mesh, report } = importIstio(sample("certmanager-gateway.yaml"));
    expect(brief(report.documents)).toEqual([
      "Gateway/cert-manager-gateway: imported",
      "VirtualService/cert-manager: partial",
    ]);
    expect(mesh.services.map((s) => [s.name, s.host])).toEqual([["cert-manager-resolver", "cert-manager-resolver"]]);
  });

  it("egress sample: external service named by its ServiceEntry; both ports, the port match and per-port TLS origination kept", () => {
    const { mesh, report } = importIstio(sample("egress-rule-google-apis.yaml"));
    expect(brief(report.documents)).toEqual([
      "ServiceEntry/googleapis: partial",
      "VirtualService/rewrite-port-for-googleapis: partial",
      "DestinationRule/originate-tls-for-googleapis: imported",
    ]);
    expect(report.documents.flatMap((d) => d.issues.map((i) => i.path.join(".")))).toEqual([
      "spec.ports.1.protocol",
      "spec.http.0.route.0.destination",
    ]);
    expect(mesh.routes[0]!.rules[0]!.matches).toEqual([{ methods: [], headers: [], queryParams: [], port: 80 }]);
    expect(mesh.services[0]!.trafficPolicy).toEqual({
      loadBalancer: { type: "ROUND_ROBIN" },
      portLevelSettings: [{ port: 443, tls: { mode: "SIMPLE" } }],
    });
    expect(mesh.services.map((s) => [s.name, s.host, s.external])).toEqual([
      ["googleapis", "www.googleapis.com", true],
    ]);
    // The HTTPS port carries HTTP/1.1 (its TLS is the DestinationRule's): the destination's port 443 exists.
    expect(mesh.services[0]!.ports?.map((p) => [p.name, p.number, p.protocol])).toEqual([
      ["http", 80, "HTTP"],
      ["https", 443, "HTTP"],
    ]);
    expect(validateMesh(mesh).map((i) => i.code)).not.toContain("SB307");
  });
});

describe("service ports", () => {
  it("ServiceEntry ports (HTTP2, GRPC by protocol or name prefix) and destination ports survive export and import", () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: echo, namespace: demo }
spec:
  hosts: [echo.demo.svc.cluster.local]
  location: MESH_INTERNAL
  resolution: STATIC
  ports:
    - { number: 8080, name: http, protocol: HTTP }
    - { number: 9090, name: grpc-api }
    - { number: 9091, name: h2, protocol: HTTP2 }
    - { number: 6379, name: redis, protocol: REDIS }
  endpoints:
    - { address: 10.0.0.1, ports: { http: 7000, grpc-api: 7000, h2: 7000 }, labels: { version: v1 } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: echo, namespace: demo }
spec:
  hosts: [echo.demo]
  http:
    - route:
        - destination: { host: echo.demo.svc.cluster.local, subset: v1, port: { number: 9090 } }
`;
    const { mesh, report } = importIstio(yaml);
    expect(report.documents.flatMap((d) => d.issues.map((i) => i.path.join(".")))).toEqual(["spec.ports.3.protocol"]);
    const echo = mesh.services.find((s) => s.name === "echo")!;
    expect(echo.ports).toEqual([
      { name: "http", number: 8080, protocol: "HTTP" },
      { name: "grpc-api", number: 9090, protocol: "GRPC" },
      { name: "h2", number: 9091, protocol: "HTTP2" },
    ]);
    expect(echo.versions[0]!.endpoints).toEqual([{ address: "10.0.0.1", port: 7000, weight: 1 }]);
    expect(mesh.routes[0]!.rules[0]!.destinations).toEqual([
      { service: "echo", version: "v1", weight: 100, port: 9090 },
    ]);
    expect(validateMesh(mesh).filter((i) => i.severity === "error")).toEqual([]);
    const again = importIstio(exportIstio(mesh));
    expect(again.report.documents.flatMap((d) => d.issues)).toEqual([]);
    expect(diffMesh(mesh, again.mesh)).toEqual([]);
  });
});

describe("import errors", () => {
  it("reports YAML syntax errors with line and column and keeps the good documents", () => {
    const { mesh, report } = importIstio(`${sample("virtual-service-reviews-v3.yaml")}---\nkind: [\n`);
    expect(report.documents.map((d) => [d.index, d.status])).toEqual([
      [0, "imported"],
      [1, "invalid"],
    ]);
    expect(report.documents[1]!.issues[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect(mesh.routes).toHaveLength(1);
  });

  it("lists unsupported kinds instead of dropping them", () => {
    const text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: s\n";
    expect(brief(importYaml(text).report.documents)).toEqual(["ConfigMap/x: unsupported", "Sidecar/s: unsupported"]);
  });

  it("rejects a document without apiVersion/kind", () => {
    expect(importIstio("foo: bar\n").report.documents[0]!.status).toBe("invalid");
  });
});

describe("per-destination header operations", () => {
  const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews }
spec:
  hosts: [reviews]
  http:
    - headers: { request: { set: { x-rule: "1" } } }
      route:
        - destination: { host: reviews, subset: v1 }
          weight: 75
          headers:
            request: { set: { x-to: v1 }, remove: [x-debug] }
            response: { add: { x-from: v1 } }
        - destination: { host: reviews, subset: v2 }
          weight: 25
`;

  it("imports Istio route[].headers per destination and exports them back byte for byte", () => {
    const { mesh, report } = importIstio(vs);
    expect(report.documents.map((d) => d.status)).toEqual(["imported"]);
    const [v1, v2] = mesh.routes[0]!.rules[0]!.destinations;
    expect(v1).toMatchObject({
      version: "v1",
      requestHeaders: { set: { "x-to": "v1" }, add: {}, remove: ["x-debug"] },
      responseHeaders: { set: {}, add: { "x-from": "v1" }, remove: [] },
    });
    expect(v2!.requestHeaders).toBeUndefined();
    const out = exportIstio(mesh);
    expect(exportIstio(importIstio(out).mesh)).toBe(out);
  });

  it("carries them to Gateway API backendRef filters and back", async () => {
    const { exportGatewayApi, importGatewayApi } = await import("@/lib/core/yaml/index.ts");
    const { mesh } = importIstio(vs);
    const gw = exportGatewayApi(mesh).yaml;
    expect(gw).toContain("type: RequestHeaderModifier");
    const back = importGatewayApi(gw).mesh.routes[0]!.rules[0]!.destinations;
    expect(back.map((d) => [d.version, d.requestHeaders?.set, d.responseHeaders?.add])).toEqual([
      ["v1", { "x-to": "v1" }, { "x-from": "v1" }],
      ["v2", undefined, undefined],
    ]);
    expect(exportGatewayApi(importGatewayApi(gw).mesh).yaml).toBe(gw);
  });
});
