import { describe, expect, it } from "vitest";
import { compileMesh } from "@/lib/core/compile/index.ts";
import { attachedListeners, intersectHost } from "@/lib/core/compile/hostnames.ts";
import type { MeshConfig } from "@/lib/core/model/index.ts";
import { buildRouteTable, matchRequest } from "@/lib/core/routing/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { exportGatewayApi, importGatewayApi, importYaml } from "@/lib/core/yaml/index.ts";
import { readReference } from "../yaml/schemas.ts";

/**
 * Listener allowedRoutes and parentRef namespaces: the upstream tests that check them only through Kubernetes status
 * (HTTPRouteDisallowedKind, HTTPRouteInvalidCrossNamespaceParentRef, GatewayWithAttachedRoutes), with the same
 * expectations on the imported mesh, its validation and its compiled snapshot.
 */
const base = readReference("gateway-api/conformance/base/manifests.yaml");
const withBase = (test: string) => `${base}\n---\n${readReference(`gateway-api/conformance/tests/${test}.yaml`)}`;

const servesRoute = (mesh: MeshConfig, route: string) =>
  compileMesh(mesh).virtualHosts.some((vh) => vh.rules.some((r) => r.route === route));

/** upstream AttachedRoutes of a listener: routes attached through it whose hostnames intersect its hostname. */
function attachedRoutes(mesh: MeshConfig, gateway: string, listener: string): number {
  const gw = mesh.gateways.find((g) => g.name === gateway)!;
  const l = gw.listeners.find((x) => x.name === listener)!;
  return mesh.routes.filter(
    (r) =>
      r.gateways.includes(gateway) &&
      attachedListeners(r, gw, mesh.namespaces).includes(l) &&
      r.hosts.some((h) => l.hosts.some((lh) => intersectHost(h, lh) !== null)),
  ).length;
}

const sb311 = (mesh: MeshConfig) =>
  validateMesh(mesh)
    .filter((i) => i.code === "SB311")
    .map((i) => mesh.routes[i.path[1] as number]!.name);

describe("allowedRoutes.namespaces", () => {
  it("HTTPRouteInvalidCrossNamespaceParentRef: a route of another namespace on a from: Same listener is not attached, and SB311 says so", () => {
    const { mesh } = importGatewayApi(withBase("httproute-invalid-cross-namespace-parent-ref"));
    const route = mesh.routes.find((r) => r.name === "invalid-cross-namespace-parent-ref")!;
    expect(route.gateways).toEqual(["same-namespace"]);
    expect(sb311(mesh)).toEqual(["invalid-cross-namespace-parent-ref"]);
    expect(servesRoute(mesh, route.name)).toBe(false);
    expect(attachedRoutes(mesh, "same-namespace", "http")).toBe(0);
  });

  it("HTTPRouteCrossNamespace: from: Selector matches the labels of the imported Namespace objects", () => {
    const { mesh } = importGatewayApi(withBase("httproute-cross-namespace"));
    expect(mesh.namespaces?.find((n) => n.name === "gateway-conformance-web-backend")?.labels).toEqual({
      "gateway-conformance": "backend",
    });
    expect(sb311(mesh)).toEqual([]);
    expect(servesRoute(mesh, "cross-namespace")).toBe(true);
    // Without the Namespaces (their labels unknown), the selector selects nothing.
    const unlabeled = { ...mesh, namespaces: [] };
    expect(sb311(unlabeled)).toEqual(["cross-namespace"]);
    expect(servesRoute(unlabeled, "cross-namespace")).toBe(false);
  });

  it("GatewayWithAttachedRoutes: attached route counts per listener (kubernetes.io/metadata.name selectors, hostnames)", () => {
    const { mesh } = importGatewayApi(withBase("gateway-with-attached-routes"));
    expect(attachedRoutes(mesh, "gateway-with-one-attached-route", "http")).toBe(1);
    expect(attachedRoutes(mesh, "gateway-with-two-attached-routes", "http")).toBe(2);
    expect(
      validateMesh(mesh)
        .filter((i) => i.code === "SB306")
        .map((i) => mesh.routes[i.path[1] as number]!.name),
    ).toEqual(["http-route-not-accepted"]);
    const { mesh: m8080 } = importGatewayApi(withBase("gateway-with-attached-routes-with-port-8080"));
    expect(attachedRoutes(m8080, "gateway-with-two-listeners-and-one-attached-route", "http-unattached")).toBe(0);
    expect(attachedRoutes(m8080, "gateway-with-two-listeners-and-one-attached-route", "http")).toBe(1);
  });
});

const gateway = (allowed: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: signalbox
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes: ${allowed}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: apps}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules: [{backendRefs: [{name: web-v1}]}]
`;

describe("allowedRoutes.kinds and selectors", () => {
  it("a listener that allows only other kinds takes no HTTPRoute (HTTPRouteDisallowedKind), and the import says why", () => {
    const { mesh, report } = importGatewayApi(gateway("{namespaces: {from: All}, kinds: [{kind: GRPCRoute}]}"));
    expect(mesh.gateways[0]!.listeners[0]!.allowedRoutes).toEqual({ from: "All", kinds: ["GRPCRoute"] });
    expect(report.documents[0]!.issues.map((i) => i.message)).toEqual([
      "route kind gateway.networking.k8s.io/GRPCRoute is kept, but Signalbox has no such routes: only HTTPRoute attaches",
    ]);
    expect(sb311(mesh)).toEqual(["r"]);
    expect(servesRoute(mesh, "r")).toBe(false);
    expect(
      servesRoute(importGatewayApi(gateway("{namespaces: {from: All}, kinds: [{kind: HTTPRoute}]}")).mesh, "r"),
    ).toBe(true);
  });

  it("matchExpressions, and a route the selector does not select", () => {
    const ns = (labels: string) => `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: apps, labels: ${labels}}\n`;
    const allowed =
      "{namespaces: {from: Selector, selector: {matchExpressions: [{key: team, operator: In, values: [a, b]}]}}}";
    expect(servesRoute(importGatewayApi(gateway(allowed) + ns("{team: b}")).mesh, "r")).toBe(true);
    expect(servesRoute(importGatewayApi(gateway(allowed) + ns("{team: c}")).mesh, "r")).toBe(false);
  });

  it("export writes allowedRoutes back (the spec's default, Same, is left out) and the Namespaces with labels", () => {
    const yaml =
      gateway("{namespaces: {from: Selector, selector: {matchLabels: {team: a}}}}") +
      "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: apps, labels: {team: a}}\n";
    const first = importGatewayApi(yaml);
    const exported = exportGatewayApi(first.mesh).yaml;
    expect(exported).toContain("from: Selector");
    const second = importGatewayApi(exported);
    expect(second.mesh.gateways).toEqual(first.mesh.gateways);
    expect(second.mesh.namespaces).toEqual(first.mesh.namespaces);
    expect(servesRoute(second.mesh, "r")).toBe(true);
    expect(exportGatewayApi(second.mesh).yaml).toBe(exported);
  });
});

describe("parentRef and VirtualService gateway namespaces", () => {
  const gw = (ns: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: ${ns}}
spec:
  gatewayClassName: signalbox
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
`;
  it("a parentRef without namespace means the route's namespace: a Gateway of that name elsewhere is not it", () => {
    const { mesh, report } = importGatewayApi(`${gw("infra")}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: apps}
spec:
  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: web-v1}]}]
`);
    expect(mesh.routes).toEqual([]);
    expect(report.documents[1]!.issues.map((i) => i.message)).toEqual([
      "Gateway apps/edge does not exist (a Gateway edge is in namespace infra): the route does not attach to it",
      "the route attaches to no Gateway that exists: not imported",
    ]);
  });

  it("Istio gateways: ns/name resolves in that namespace, a bare name in the VirtualService's", () => {
    const vs = (ns: string, gateways: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs-${ns}, namespace: ${ns}}
spec:
  hosts: [web.example.com]
  gateways: ${gateways}
  http: [{route: [{destination: {host: web, subset: v1}}]}]
`;
    const { mesh, report } = importYaml(
      gw("infra") + vs("infra", "[edge]") + vs("apps", "[infra/edge]") + vs("other", "[edge]"),
    );
    expect(mesh.routes.map((r) => [r.name, r.gateways])).toEqual([
      ["vs-apps", ["edge"]],
      ["vs-infra", ["edge"]],
    ]);
    expect(report.documents[3]!.issues.map((i) => i.message)).toContain(
      "the VirtualService is bound to no gateway that exists: not imported",
    );
  });
});

describe("on a gateway, a route that is not allowed answers nothing", () => {
  it("requests for it get 404", () => {
    const { mesh } = importGatewayApi(gateway("{namespaces: {from: Same}}"));
    const table = buildRouteTable(compileMesh(mesh), { gateway: "gw" });
    expect(matchRequest(table, { host: "x", path: "/", method: "GET", headers: {} })).toBeNull();
  });
});
