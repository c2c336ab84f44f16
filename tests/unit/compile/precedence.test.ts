import { describe, expect, it } from "vitest";
import { compileMesh, effectiveOrder } from "@/lib/core/compile/index.ts";
import type { MeshConfig, Route } from "@/lib/core/model/index.ts";
import { buildRouteTable, matchRequest, parseQuery } from "@/lib/core/routing/index.ts";
import { importGatewayApi } from "@/lib/core/yaml/index.ts";
import { readReference } from "../yaml/schemas.ts";

/** Upstream conformance manifests, verbatim; backends `infra-backend-vN` import as service infra-backend, version vN. */
const manifest = (name: string) => readReference(`gateway-api/conformance/tests/${name}.yaml`);

interface Req {
  host?: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
}

/** The backend the gateway `same-namespace` picks for a request, as the proxy's table finds it; null: 404. */
function backendFor(mesh: MeshConfig, r: Req): string | null {
  const table = buildRouteTable(compileMesh(mesh), { gateway: "same-namespace" });
  const [path, query = ""] = r.path.split("?");
  const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const entry = matchRequest(table, {
    host: r.host ?? "example.com",
    path: path!,
    method: r.method ?? "GET",
    headers,
    query: parseQuery(query),
  });
  return entry === null ? null : (entry.clusters[0] ?? null);
}

const v = (n: number) => `infra-backend/v${n}`;

describe("Gateway API precedence across merged routes (upstream conformance tables)", () => {
  it("HTTPRouteMatchingAcrossRoutes: two HTTPRoutes on one host merge, longest prefix and headers decide", () => {
    const { mesh } = importGatewayApi(manifest("httproute-matching-across-routes"));
    const cases: [Req, string][] = [
      [{ host: "example.com", path: "/" }, v(1)],
      [{ host: "example.com", path: "/example" }, v(1)],
      [{ host: "example.net", path: "/example" }, v(1)],
      [{ host: "example.com", path: "/example", headers: { Version: "one" } }, v(1)],
      [{ host: "example.com", path: "/v2" }, v(2)],
      [{ host: "example.net", path: "/v2" }, v(1)],
      [{ host: "example.com", path: "/v2/example" }, v(2)],
      [{ host: "example.com", path: "/", headers: { Version: "two" } }, v(2)],
    ];
    for (const [req, want] of cases) expect(backendFor(mesh, req), JSON.stringify(req)).toBe(want);
  });

  it("HTTPRoutePathMatchOrder: exact before prefix, longer prefix first, whatever the rule order", () => {
    const { mesh } = importGatewayApi(manifest("httproute-path-match-order"));
    const cases: [string, string][] = [
      ["/match/exact/one", v(3)],
      ["/match/exact", v(2)],
      ["/match", v(1)],
      ["/match/prefix/one/any", v(2)],
      ["/match/prefix/any", v(1)],
      ["/match/any", v(3)],
    ];
    for (const [path, want] of cases) expect(backendFor(mesh, { path }), path).toBe(want);
  });

  it("HTTPRouteSimpleSameNamespace matching: PathPrefix is segment-aware", () => {
    const { mesh } = importGatewayApi(manifest("httproute-matching"));
    const cases: [Req, string][] = [
      [{ path: "/" }, v(1)],
      [{ path: "/example" }, v(1)],
      [{ path: "/", headers: { Version: "one" } }, v(1)],
      [{ path: "/v2" }, v(2)],
      [{ path: "/v2/example" }, v(2)],
      [{ path: "/", headers: { Version: "two" } }, v(2)],
      [{ path: "/v2/" }, v(2)],
      [{ path: "/v2example" }, v(1)],
      [{ path: "/foo/v2/example" }, v(1)],
    ];
    for (const [req, want] of cases) expect(backendFor(mesh, req), JSON.stringify(req)).toBe(want);
  });

  it("HTTPRouteMethodMatching: a method match outranks one without, then headers count", () => {
    const { mesh } = importGatewayApi(manifest("httproute-method-matching"));
    const cases: [Req, string | null][] = [
      [{ method: "POST", path: "/" }, v(1)],
      [{ method: "GET", path: "/" }, v(2)],
      [{ method: "HEAD", path: "/" }, null],
      [{ path: "/path1", method: "GET" }, v(1)],
      [{ headers: { version: "one" }, path: "/", method: "PUT" }, v(2)],
      [{ headers: { version: "two" }, path: "/path2", method: "POST" }, v(3)],
      [{ path: "/path3", method: "PATCH" }, v(1)],
      [{ headers: { version: "three" }, path: "/path4", method: "DELETE" }, v(1)],
      [{ path: "/", method: "PUT" }, null],
      [{ path: "/path4", method: "DELETE" }, null],
      [{ path: "/path5", method: "PATCH" }, v(1)],
      [{ headers: { version: "four" }, path: "/", method: "PATCH" }, v(2)],
    ];
    for (const [req, want] of cases) expect(backendFor(mesh, req), JSON.stringify(req)).toBe(want);
  });

  it("HTTPRouteQueryParamMatching: most query matches win", () => {
    const { mesh } = importGatewayApi(manifest("httproute-query-param-matching"));
    const cases: [Req, string | null][] = [
      [{ path: "/?animal=whale" }, v(1)],
      [{ path: "/?animal=dolphin" }, v(2)],
      [{ path: "/?animal=dolphin&color=blue" }, v(3)],
      [{ path: "/?ANIMAL=Whale" }, v(3)],
      [{ path: "/?animal=whale&otherparam=irrelevant" }, v(1)],
      [{ path: "/?animal=dolphin&color=yellow" }, v(2)],
      [{ path: "/?color=blue" }, null],
      [{ path: "/?animal=dog" }, null],
      [{ path: "/?animal=whaledolphin" }, null],
      [{ path: "/" }, null],
      [{ path: "/path1?animal=whale" }, v(1)],
      [{ headers: { version: "one" }, path: "/?animal=whale" }, v(2)],
      [{ headers: { version: "two" }, path: "/path2?animal=whale" }, v(3)],
      [{ path: "/path3?animal=shark" }, v(1)],
      [{ headers: { version: "three" }, path: "/path4?animal=kraken" }, v(1)],
      [{ path: "/?animal=shark" }, null],
      [{ path: "/path4?animal=kraken" }, null],
      [{ path: "/path5?animal=hydra" }, v(1)],
      [{ headers: { version: "four" }, path: "/?animal=hydra" }, v(3)],
    ];
    for (const [req, want] of cases) expect(backendFor(mesh, req), JSON.stringify(req)).toBe(want);
  });
});

const route = (name: string, creationOrder: number, paths: string[], semantics: Route["semantics"]): Route => ({
  name,
  semantics,
  creationOrder,
  hosts: ["a.example"],
  gateways: ["gw"],
  listenerRefs: [],
  rules: paths.map((p) => ({
    name: "",
    matches: p === "*" ? [] : [{ uri: { type: "prefix", value: p }, methods: [], headers: [], queryParams: [] }],
    destinations: [{ service: name, version: "v1", weight: 100 }],
  })),
});
const order = (routes: Route[]) =>
  effectiveOrder(routes).map((e) => `${e.route.name}:${e.matches[0]?.uri?.value ?? "*"}`);

describe("effectiveOrder", () => {
  it("Gateway API: equal matches fall back to the older route, then to the route name", () => {
    const older = route("zeta", 1, ["/a"], "gateway-api");
    const younger = route("alpha", 2, ["/a"], "gateway-api");
    expect(order([younger, older])).toEqual(["zeta:/a", "alpha:/a"]);
    expect(order([{ ...younger, creationOrder: 1 }, older])).toEqual(["alpha:/a", "zeta:/a"]);
  });

  it("Istio: one route keeps its list order, catch-all in the middle included", () => {
    expect(order([route("vs", 0, ["/a", "*", "/b"], "istio")])).toEqual(["vs:/a", "vs:*", "vs:/b"]);
  });

  it("Istio: several routes on a gateway concatenate oldest first, catch-alls move last in their order", () => {
    const first = route("first", 0, ["/a", "/"], "istio");
    const second = route("second", 1, ["/b", "*"], "istio");
    expect(order([second, first])).toEqual(["first:/a", "second:/b", "first:/", "second:*"]);
    expect(effectiveOrder([second, first]).map((e) => e.reason)).toEqual([
      "list order (route 1)",
      "list order (route 2)",
      "catch-all, moved last",
      "catch-all, moved last",
    ]);
  });

  it("says why a Gateway API entry sits where it does", () => {
    const { mesh } = importGatewayApi(manifest("httproute-path-match-order"));
    expect(effectiveOrder(mesh.routes).map((e) => e.reason)[0]).toBe("exact path /match");
  });
});
