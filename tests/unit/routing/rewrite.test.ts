import { describe, expect, it } from "vitest";
import { compileMesh } from "@/lib/core/compile/index.ts";
import {
  buildRouteTable,
  matchRequest,
  redirectLocation,
  replacePrefix,
  rewrittenPath,
  selectingMatch,
  compileMatch,
  type RequestInfo,
} from "@/lib/core/routing/index.ts";
import { importGatewayApi, importIstio } from "@/lib/core/yaml/index.ts";
import { readReference } from "../yaml/schemas.ts";

const manifest = (name: string) => readReference(`gateway-api/conformance/tests/${name}.yaml`);

function tableOf(yaml: string, gateway: string, listenerPort?: number) {
  const { mesh } = yaml.includes("networking.istio.io") ? importIstio(yaml) : importGatewayApi(yaml);
  return buildRouteTable(compileMesh(mesh), { gateway, listenerPort });
}

const request = (path: string, host = "gw.example:8000"): RequestInfo => ({ host, path, method: "GET", headers: {} });

describe("URLRewrite path (upstream HTTPRouteRewritePath table)", () => {
  const table = tableOf(manifest("httproute-rewrite-path"), "same-namespace");
  const cases: [string, string][] = [
    ["/prefix/one/two", "/one/two"],
    ["/strip-prefix/three", "/three"],
    ["/strip-prefix", "/"],
    ["/full/one/two", "/one"],
    ["/full/rewrite-path-and-modify-headers/test", "/test"],
    ["/prefix/rewrite-path-and-modify-headers/one", "/prefix/one"],
  ];
  for (const [path, want] of cases)
    it(`${path} → ${want}`, () => {
      const req = request(path);
      const entry = matchRequest(table, req)!;
      expect(rewrittenPath(entry.rule.rewrite!, selectingMatch(entry, req), path)).toBe(want);
    });
});

describe("replacePrefix: Istio's character prefix keeps its own semantics", () => {
  const istio = compileMatch({ uri: { type: "prefix", value: "/strip" }, methods: [], headers: [], queryParams: [] });
  const gateway = compileMatch({
    uri: { type: "pathPrefix", value: "/strip/" },
    methods: [],
    headers: [],
    queryParams: [],
  });
  it("Istio: characters replaced as written (Envoy gives //three too)", () => {
    expect(replacePrefix(istio, "/strip/three", "/")).toBe("//three");
  });
  it("Gateway API: segments, the trailing slash of the match ignored", () => {
    expect(replacePrefix(gateway, "/strip/three", "/")).toBe("/three");
    expect(replacePrefix(gateway, "/strip/three", "/new/")).toBe("/new/three");
    expect(replacePrefix(gateway, "/strip", "/new")).toBe("/new");
  });
  it("exact or no uri match: the whole path", () => {
    expect(replacePrefix(null, "/a/b", "/x")).toBe("/x");
  });
});

describe("RequestRedirect (upstream HTTPRouteRedirectPath and HTTPRouteRedirectPortAndScheme tables)", () => {
  function locate(yaml: string, gateway: string, listenerPort: number, path: string, scheme?: "http" | "https") {
    const table = tableOf(yaml, gateway, listenerPort);
    const req = request(path, "gw.example");
    const entry = matchRequest(table, req)!;
    const r = entry.rule.redirect!;
    return {
      status: r.responseCode,
      location: redirectLocation(r, {
        host: req.host,
        path,
        query: "",
        selected: selectingMatch(entry, req),
        listenerPort: table.listenerPort ?? 0,
        scheme,
      }),
    };
  }

  it("paths: prefix replaced by segments, full path replaced, host and status kept", () => {
    const yaml = manifest("httproute-redirect-path");
    const at = (p: string) => locate(yaml, "same-namespace", 80, p);
    expect(at("/original-prefix/lemon")).toEqual({
      status: 302,
      location: "http://gw.example/replacement-prefix/lemon",
    });
    expect(at("/full/path/original")).toEqual({ status: 302, location: "http://gw.example/full-path-replacement" });
    expect(at("/path-and-host")).toEqual({ status: 302, location: "http://example.org/replacement-prefix" });
    expect(at("/path-and-status")).toEqual({ status: 301, location: "http://gw.example/replacement-prefix" });
    expect(at("/full-path-and-host")).toEqual({ status: 302, location: "http://example.org/replacement-full" });
    expect(at("/full-path-and-status")).toEqual({ status: 301, location: "http://gw.example/replacement-full" });
  });

  it("ports: the scheme's default port is never written; without scheme and port, the listener's port", () => {
    const yaml = manifest("httproute-redirect-port-and-scheme");
    const on80 = (p: string) => locate(yaml, "same-namespace", 80, p).location;
    expect(on80("/scheme-nil-and-port-nil")).toBe("http://example.org/scheme-nil-and-port-nil");
    expect(on80("/scheme-nil-and-port-80")).toBe("http://example.org/scheme-nil-and-port-80");
    expect(on80("/scheme-nil-and-port-8080")).toBe("http://example.org:8080/scheme-nil-and-port-8080");
    expect(on80("/scheme-https-and-port-nil")).toBe("https://example.org/scheme-https-and-port-nil");
    expect(on80("/scheme-https-and-port-443")).toBe("https://example.org/scheme-https-and-port-443");
    expect(on80("/scheme-https-and-port-8443")).toBe("https://example.org:8443/scheme-https-and-port-8443");
    const on8080 = (p: string) => locate(yaml, "same-namespace-with-http-listener-on-8080", 8080, p).location;
    expect(on8080("/scheme-nil-and-port-nil")).toBe("http://example.org:8080/scheme-nil-and-port-nil");
    expect(on8080("/scheme-nil-and-port-80")).toBe("http://example.org/scheme-nil-and-port-80");
    expect(on8080("/scheme-https-and-port-nil")).toBe("https://example.org/scheme-https-and-port-nil");
  });

  it("a redirect that names no scheme keeps the request's: https on the HTTPS listener", () => {
    const yaml = manifest("httproute-redirect-port-and-scheme");
    const on443 = (p: string) => locate(yaml, "same-namespace-with-https-listener", 443, p, "https").location;
    expect(on443("/scheme-nil-and-port-nil")).toBe("https://example.org/scheme-nil-and-port-nil");
    expect(on443("/scheme-nil-and-port-443")).toBe("https://example.org/scheme-nil-and-port-443");
    expect(on443("/scheme-nil-and-port-8443")).toBe("https://example.org:8443/scheme-nil-and-port-8443");
    expect(on443("/scheme-http-and-port-nil")).toBe("http://example.org/scheme-http-and-port-nil");
    expect(on443("/scheme-http-and-port-80")).toBe("http://example.org/scheme-http-and-port-80");
    expect(on443("/scheme-http-and-port-8080")).toBe("http://example.org:8080/scheme-http-and-port-8080");
  });
});

describe("Istio redirect port and regex rewrite", () => {
  const vs = (http: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: ["*"]
  gateways: [gw]
  http:
${http}`;

  it("redirect.port, derivePort FROM_PROTOCOL_DEFAULT and FROM_REQUEST_PORT, none (the Host as it came)", () => {
    const yaml = vs(`  - match: [{uri: {prefix: /p}}]
    redirect: {authority: a.example, port: 9000}
  - match: [{uri: {prefix: /d}}]
    redirect: {scheme: https, derivePort: FROM_PROTOCOL_DEFAULT}
  - match: [{uri: {prefix: /r}}]
    redirect: {authority: b.example, derivePort: FROM_REQUEST_PORT}
  - redirect: {uri: /n}`);
    const { mesh, report } = importIstio(yaml);
    expect(report.documents[0]!.status).toBe("imported");
    const table = buildRouteTable(compileMesh(mesh), { gateway: "gw" });
    const loc = (path: string) => {
      const req = request(path, "gw.example:8000");
      const entry = matchRequest(table, req)!;
      return redirectLocation(entry.rule.redirect!, {
        host: req.host,
        path,
        query: "?q=1",
        selected: null,
        listenerPort: 80,
      });
    };
    expect(loc("/p")).toBe("http://a.example:9000/p?q=1");
    expect(loc("/d")).toBe("https://gw.example/d?q=1");
    expect(loc("/r")).toBe("http://b.example:8000/r?q=1");
    expect(loc("/x")).toBe("http://gw.example:8000/n?q=1");
  });

  it("rewrite.uriRegexRewrite replaces every match, \\1 naming a group", () => {
    const yaml = vs(`  - rewrite: {uriRegexRewrite: {match: "^/service/([^/]+)(/.*)$", rewrite: "\\\\2/instance/\\\\1"}}
    route: [{destination: {host: svc, subset: v1}}]`);
    const { mesh, report } = importIstio(yaml);
    expect(report.documents[0]!.issues.map((i) => i.path.join("."))).not.toContain(
      "spec.http.0.rewrite.uriRegexRewrite",
    );
    const rule = mesh.routes[0]!.rules[0]!;
    expect(rewrittenPath(rule.rewrite!, null, "/service/foo/v1/api")).toBe("/v1/api/instance/foo");
  });
});
