import { describe, expect, it } from "vitest";
import { compileMesh } from "@/lib/core/compile/index.ts";
import { intersectHost } from "@/lib/core/compile/hostnames.ts";
import { buildRouteTable, matchRequest } from "@/lib/core/routing/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { importGatewayApi } from "@/lib/core/yaml/index.ts";
import { readReference } from "../yaml/schemas.ts";

const manifest = (name: string) => readReference(`gateway-api/conformance/tests/${name}.yaml`);

describe("intersectHost (Gateway API hostname rules)", () => {
  const cases: [string, string, string | null][] = [
    ["very.specific.com", "very.specific.com", "very.specific.com"],
    ["foo.wildcard.io", "*.wildcard.io", "foo.wildcard.io"],
    ["*.wildcard.io", "foo.wildcard.io", "foo.wildcard.io"],
    ["*.wildcard.io", "*.wildcard.io", "*.wildcard.io"],
    ["*.bar.wildcard.io", "*.wildcard.io", "*.bar.wildcard.io"],
    ["wildcard.io", "*.wildcard.io", null],
    ["non.matching.com", "very.specific.com", null],
    ["*", "*.foo.com", "*.foo.com"],
    ["a.example", "*", "a.example"],
  ];
  for (const [route, listener, want] of cases)
    it(`${route} ∩ ${listener} = ${want}`, () => expect(intersectHost(route, listener)).toBe(want));
});

/** The backend a gateway serves a request with (null: 404), from the upstream manifests, listeners and all. */
function backendOn(yaml: string, gateway: string) {
  const { mesh } = importGatewayApi(yaml);
  expect(validateMesh(mesh).filter((i) => i.severity === "error" && i.code !== "SB302")).toEqual([]);
  const table = buildRouteTable(compileMesh(mesh), { gateway });
  return (host: string, path = "/") =>
    matchRequest(table, { host, path, method: "GET", headers: {} })?.clusters[0] ?? null;
}
const v = (n: number) => `infra-backend/v${n}`;

describe("listeners and hostnames (upstream conformance tables)", () => {
  it("HTTPRouteListenerHostnameMatching: sectionName picks the listener, its hostname limits the route", () => {
    const at = backendOn(manifest("httproute-listener-hostname-matching"), "httproute-listener-hostname-matching");
    expect(at("bar.com")).toBe(v(1));
    expect(at("foo.bar.com")).toBe(v(2));
    expect(at("baz.bar.com")).toBe(v(3));
    expect(at("boo.bar.com")).toBe(v(3));
    expect(at("multiple.prefixes.bar.com")).toBe(v(3));
    expect(at("multiple.prefixes.foo.com")).toBe(v(3));
    expect(at("foo.com")).toBeNull();
    expect(at("no.matching.host")).toBeNull();
  });

  it("HTTPRouteHostnameIntersection: route hostnames intersect listener hostnames", () => {
    const at = backendOn(manifest("httproute-hostname-intersection"), "httproute-hostname-intersection");
    expect(at("very.specific.com", "/s1")).toBe(v(1));
    expect(at("very.specific.com:1234", "/s1")).toBe(v(1));
    expect(at("non.matching.com", "/s1")).toBeNull();
    expect(at("foo.wildcard.io", "/s1")).toBeNull();
    expect(at("very.specific.com", "/non-matching-prefix")).toBeNull();
    expect(at("foo.wildcard.io", "/s2")).toBe(v(2));
    expect(at("foo.bar.wildcard.io", "/s2")).toBe(v(2));
    expect(at("wildcard.io", "/s2")).toBeNull();
    expect(at("very.specific.com", "/s2")).toBeNull();
    expect(at("very.specific.com", "/s3")).toBe(v(3));
    expect(at("foo.specific.com", "/s3")).toBeNull();
    expect(at("foo.wildcard.io", "/s3")).toBeNull();
    expect(at("foo.anotherwildcard.io", "/s4")).toBe(v(1));
    expect(at("foo.bar.anotherwildcard.io", "/s4")).toBe(v(1));
    expect(at("anotherwildcard.io", "/s4")).toBeNull();
    expect(at("foo.wildcard.io", "/s4")).toBeNull();
    expect(at("specific.but.wrong.com", "/s5")).toBeNull();
    expect(at("wildcard.io", "/s5")).toBeNull();
  });
});

describe("listener references that select nothing are reported", () => {
  it("a sectionName no listener has (HTTPRouteInvalidParentRefNotMatchingSectionName) is SB305, and the route serves nothing", () => {
    const yaml = `${readReference("gateway-api/conformance/base/manifests.yaml")}\n---\n${manifest("httproute-invalid-parentref-not-matching-section-name")}`;
    const { mesh } = importGatewayApi(yaml);
    const route = mesh.routes.find((r) => r.listenerRefs.length > 0)!;
    const issues = validateMesh(mesh).filter((i) => i.code === "SB305");
    expect(issues.map((i) => i.path)).toEqual([["routes", mesh.routes.indexOf(route), "listenerRefs", 0]]);
    expect(compileMesh(mesh).virtualHosts.some((vh) => vh.rules.some((r) => r.route === route.name))).toBe(false);
  });
});

describe("listener isolation (GatewayHTTPListenerIsolation)", () => {
  const gatewayYaml = (listeners: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: signalbox
  listeners:
${listeners}`;
  const route = (name: string, section: string, hostnames: string[] = []) => `
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}}
spec:
  parentRefs: [{name: gw, sectionName: ${section}}]
  hostnames: ${JSON.stringify(hostnames)}
  rules: [{backendRefs: [{name: ${name}-v1}]}]`;
  const backend = (yaml: string) => {
    const table = buildRouteTable(compileMesh(importGatewayApi(yaml).mesh), { gateway: "gw" });
    return (host: string) => matchRequest(table, { host, path: "/", method: "GET", headers: {} })?.clusters[0] ?? null;
  };

  it("a host a more specific listener of the port matches is never served by a wildcard listener's route", () => {
    const at = backend(
      gatewayYaml(`  - {name: any, port: 80, protocol: HTTP}
  - {name: example, port: 80, protocol: HTTP, hostname: "*.example.com"}
  - {name: abc, port: 80, protocol: HTTP, hostname: abc.example.com}`) +
        route("wide", "any") +
        route("mid", "example"),
    );
    expect(at("bar.com")).toBe("wide/v1");
    expect(at("x.example.com")).toBe("mid/v1");
    // The abc listener has no route: 404, not the *.example.com or * listener's route.
    expect(at("abc.example.com")).toBeNull();
  });

  it("listeners on another port do not isolate", () => {
    const at = backend(
      gatewayYaml(`  - {name: any, port: 80, protocol: HTTP}
  - {name: abc, port: 8080, protocol: HTTP, hostname: abc.example.com}`) + route("wide", "any"),
    );
    expect(at("abc.example.com")).toBe("wide/v1");
  });
});
