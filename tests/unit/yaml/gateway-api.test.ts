import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import {
  exportGatewayApi,
  exportIstio,
  importGatewayApi,
  importYaml,
  type DocumentReport,
} from "@/lib/core/yaml/index.ts";
import { MESH_CORPUS } from "../../fixtures/meshes/index.ts";
import { shuffleMesh } from "../core/shuffle.ts";
import { readReference, validateObject } from "./schemas.ts";

const docs = (text: string) =>
  parseAllDocuments(text).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string } });
const brief = (list: DocumentReport[]) => list.map((d) => `${d.kind}/${d.name}: ${d.status}`);
const paths = (d: DocumentReport) => d.issues.map((i) => i.path.join("."));

describe("exportGatewayApi", () => {
  for (const [name, make] of Object.entries(MESH_CORPUS)) {
    it(`${name}: every document validates against the strict Gateway API schema`, () => {
      for (const d of docs(exportGatewayApi(make()).yaml))
        expect(validateObject(d), `${d.kind} ${d.metadata.name}`).toEqual({ ok: true, errors: [] });
    });

    it(`${name}: deterministic over shuffles and stable through export → import → export`, () => {
      const first = exportGatewayApi(make()).yaml;
      for (const seed of [3, 8]) expect(exportGatewayApi(shuffleMesh(make(), seed)).yaml).toBe(first);
      expect(exportGatewayApi(importGatewayApi(first).mesh).yaml).toBe(first);
    });
  }

  it("reports what Gateway API cannot express, with mesh paths", () => {
    const { unsupported } = exportGatewayApi(MESH_CORPUS["full-features"]!());
    const byPath = unsupported.map((u) => u.path.join("."));
    expect(byPath).toEqual(
      expect.arrayContaining([
        "services.0.trafficPolicy",
        "routes.1.gateways",
        "routes.0.rules.0.retries",
        "routes.0.rules.0.fault",
        "routes.0.rules.0.matches.0.authority",
        "routes.0.rules.0.matches.0.headers.4",
        "routes.0.rules.0.cors.allowOrigins.1",
        "routes.0.rules.2.directResponse",
      ]),
    );
    expect(unsupported.find((u) => u.path.join(".") === "routes.0.rules.0.matches.0.headers.4")!.message).toMatch(
      /absence of x-legacy/,
    );
  });

  it("maps the reviews split to backendRefs <service>-<version>", () => {
    const m = bookinfoMesh();
    m.routes[3]!.gateways = ["edge"];
    const route = docs(exportGatewayApi(m).yaml).find(
      (d) => d.kind === "HTTPRoute" && d.metadata.name === "reviews",
    ) as unknown as { spec: unknown };
    expect(route.spec).toEqual({
      parentRefs: [{ name: "edge" }],
      hostnames: ["reviews.demo"],
      rules: [
        {
          backendRefs: [
            { name: "reviews-v1", port: 80, weight: 80 },
            { name: "reviews-v2", port: 80, weight: 20 },
          ],
        },
      ],
    });
  });
});

describe("importGatewayApi / importYaml", () => {
  it("Istio's Gateway API Bookinfo: GAMMA routes bind to the mesh on the parent service's host", () => {
    const { mesh, report } = importGatewayApi(
      readReference("istio/samples/bookinfo/gateway-api/route-reviews-90-10.yaml"),
    );
    expect(brief(report.documents)).toEqual(["HTTPRoute/reviews: partial"]);
    // The backendRefs' Service port 9080 is kept on each destination (and becomes a port of reviews).
    expect(paths(report.documents[0]!)).toEqual(["spec.parentRefs.0.port"]);
    expect(mesh.services.find((s) => s.name === "reviews")!.ports).toEqual([
      { name: "http-9080", number: 9080, protocol: "HTTP" },
    ]);
    expect(mesh.routes).toEqual([
      {
        name: "reviews",
        semantics: "gateway-api",
        creationOrder: 0,
        hosts: ["reviews"],
        gateways: [],
        listenerRefs: [],
        rules: [
          {
            name: "",
            matches: [],
            destinations: [
              { service: "reviews", version: "v1", weight: 90, port: 9080 },
              { service: "reviews", version: "v2", weight: 10, port: 9080 },
            ],
          },
        ],
      },
    ]);
  });

  it("upstream traffic-splitting examples: relative weights become percentages", () => {
    const split3 = importGatewayApi(
      readReference("gateway-api/examples/standard/traffic-splitting/traffic-split-3.yaml"),
    );
    expect(split3.mesh.routes[0]!.rules[0]!.destinations.map((d) => d.weight)).toEqual([0, 100]);
    const simple = importGatewayApi(readReference("gateway-api/examples/standard/traffic-splitting/simple-split.yaml"));
    expect(simple.mesh.routes[0]!.rules[0]!.destinations.map((d) => `${d.service}/${d.version} ${d.weight}`)).toEqual([
      "foo/v1 90",
      "foo/v2 10",
    ]);
  });

  it("imports header filters, reads Namespaces and reports GatewayClass as unsupported", () => {
    const { report } = importYaml(readReference("gateway-api/examples/standard/http-redirect.yaml"));
    expect(brief(report.documents)).toEqual([
      "GatewayClass/filter-lb: unsupported",
      // Namespaces are read for their labels (listener allowedRoutes selectors).
      "Namespace/gateway-api-example-ns1: imported",
      "Gateway/my-filter-gateway: partial",
      // sectionName now selects a listener, and redirect path modifiers are supported: nothing is left out.
      "HTTPRoute/http-filter-1: imported",
      "HTTPRoute/http-filter-2: imported",
    ]);
    const filter = importGatewayApi(readReference("gateway-api/examples/standard/http-filter.yaml"));
    expect(filter.mesh.routes[0]!.rules[0]!.requestHeaders).toBeDefined();
  });

  it("importYaml dispatches a mixed stream to both importers", () => {
    const text = `${exportIstio(bookinfoMesh())}---\n${readReference("istio/samples/bookinfo/gateway-api/bookinfo-gateway.yaml")}`;
    const { mesh, report } = importYaml(text);
    expect(
      report.documents.filter((d) => d.apiVersion.startsWith("gateway.networking.k8s.io")).map((d) => d.kind),
    ).toEqual(["Gateway", "HTTPRoute"]);
    expect(mesh.gateways.map((g) => g.name)).toEqual(["bookinfo-gateway", "edge"]);
    expect(mesh.routes.map((r) => r.name)).toEqual(["bookinfo", "details", "productpage", "ratings", "reviews"]);
  });
});

describe("invalid and missing backendRefs (the spec's 500)", () => {
  const route = (rules: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw }
spec: { gatewayClassName: signalbox, listeners: [{ name: http, port: 80, protocol: HTTP }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r }
spec:
  parentRefs: [{ name: gw }]
  rules:
${rules}`;
  const services = `
---
apiVersion: v1
kind: Service
metadata: { name: web-v1 }
spec: { ports: [{ port: 80 }] }`;

  it("answers 500 for a rule without backendRefs, and exports it back without backendRefs and without a note", () => {
    const text = route(`  - matches: [{ path: { type: Exact, value: /none } }]
  - matches: [{ path: { type: Exact, value: /empty } }]
    backendRefs: []`);
    const { mesh, report } = importYaml(text);
    expect(mesh.routes[0]!.rules.map((r) => [r.destinations.length, r.directResponse])).toEqual([
      [0, { status: 500, body: "" }],
      [0, { status: 500, body: "" }],
    ]);
    expect(report.documents.every((d) => d.status === "imported")).toBe(true);
    const out = exportGatewayApi(mesh);
    expect(out.unsupported).toEqual([]);
    expect(out.yaml).not.toContain("backendRefs");
    expect(exportGatewayApi(importGatewayApi(out.yaml).mesh).yaml).toBe(out.yaml);
  });

  it("answers 500 for a backendRef that is not a Service, and reports it", () => {
    const { mesh, report } = importYaml(
      route(`  - backendRefs: [{ group: unknownkind.example.com, kind: NonExistent, name: web-v1, port: 80 }]`),
    );
    expect(mesh.routes[0]!.rules[0]!.directResponse).toEqual({ status: 500, body: "" });
    const doc = report.documents.find((d) => d.kind === "HTTPRoute")!;
    expect(doc.status).toBe("partial");
    expect(doc.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [
        "spec.rules.0.backendRefs.0",
        "backend kind unknownkind.example.com/NonExistent is not a Service: requests for it are answered 500, as the spec says for an invalid backendRef",
      ],
    ]);
  });

  it("with the input's own Services, a backendRef to another Service is invalid; without any, Services are assumed", () => {
    const rules = `  - backendRefs: [{ name: web-v1, port: 80 }, { name: missing-v1, port: 80 }]`;
    const withServices = importYaml(route(rules) + services);
    expect(withServices.mesh.routes[0]!.rules[0]!.destinations).toEqual([
      { service: "web", version: "v1", weight: 100 },
    ]);
    const issue = withServices.report.documents.find((d) => d.kind === "HTTPRoute")!.issues[0]!;
    expect(issue.message).toBe(
      "Service default/missing-v1 is not among the Services of these documents: its share of the requests goes to the rule's other backends",
    );
    const without = importYaml(route(rules));
    expect(without.mesh.routes[0]!.rules[0]!.destinations.map((d) => `${d.service}/${d.version}`)).toEqual([
      "web/v1",
      "missing/v1",
    ]);
  });
});

describe("CORS allowOrigins wildcards", () => {
  it("imports `*` and `https://*.example.com` as full-match regexes and exports them back as written", () => {
    const text = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r }
spec:
  hostnames: [web.test]
  rules:
    - filters:
        - type: CORS
          cors: { allowOrigins: ["https://www.foo.com", "https://*.bar.com", "*"] }
      backendRefs: [{ name: web-v1, port: 80 }]
`;
    const { mesh } = importYaml(text);
    expect(mesh.routes[0]!.rules[0]!.cors!.allowOrigins).toEqual([
      { type: "exact", value: "https://www.foo.com" },
      { type: "regex", value: "https://.+\\.bar\\.com" },
      { type: "regex", value: ".*" },
    ]);
    const out = exportGatewayApi(mesh);
    expect(out.unsupported.filter((u) => u.path.includes("cors"))).toEqual([]);
    expect(out.yaml).toContain("- https://*.bar.com");
    expect(exportGatewayApi(importGatewayApi(out.yaml).mesh).yaml).toBe(out.yaml);
  });

  it("still reports a hand-written regex origin it cannot express", () => {
    const { mesh } = importYaml(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r }
spec:
  hostnames: [web.test]
  rules: [{ backendRefs: [{ name: web-v1, port: 80 }] }]
`);
    mesh.routes[0]!.rules[0]!.cors = {
      allowOrigins: [{ type: "regex", value: "https://(a|b)\\.example\\.com" }],
      allowMethods: [],
      allowHeaders: [],
      exposeHeaders: [],
    };
    expect(
      exportGatewayApi(mesh)
        .unsupported.map((u) => u.path.join("."))
        .filter((p) => p.includes("cors")),
    ).toEqual(["routes.0.rules.0.cors.allowOrigins.0"]);
  });
});
