import { describe, expect, it } from "vitest";
import { exportGatewayApi, importGatewayApi } from "@/lib/core/yaml/index.ts";
import { readReference } from "./schemas.ts";

const manifest = (name: string) => readReference(`gateway-api/conformance/tests/${name}.yaml`);

/**
 * Imported HTTPRoutes export back as the same routes (one HTTPRoute each, with their listeners, hostnames, path
 * kinds, filters and mirrors), and a second export is byte-identical to the first. Host order carries no meaning
 * (the export sorts hostnames, so any order exports alike): compared sorted.
 */
const sortedHosts = <T extends { hosts: string[] }>(routes: T[]) =>
  JSON.parse(JSON.stringify(routes.map((r) => ({ ...r, hosts: [...r.hosts].sort() })))) as unknown;
describe("Gateway API round trips with the upstream conformance manifests", () => {
  for (const name of [
    "httproute-matching-across-routes",
    "httproute-path-match-order",
    "httproute-listener-hostname-matching",
    "httproute-hostname-intersection",
    "httproute-rewrite-path",
    "httproute-redirect-path",
    "httproute-redirect-port-and-scheme",
    "httproute-request-multiple-mirrors",
    "httproute-method-matching",
    "httproute-query-param-matching",
    "httproute-timeout-backend-request",
  ])
    it(name, () => {
      const first = importGatewayApi(manifest(name)).mesh;
      const exported = exportGatewayApi(first).yaml;
      const second = importGatewayApi(exported);
      expect(second.mesh.routes.map((r) => r.name)).toEqual(first.routes.map((r) => r.name));
      expect(sortedHosts(second.mesh.routes)).toEqual(sortedHosts(first.routes));
      expect(second.mesh.gateways).toEqual(first.gateways);
      expect(exportGatewayApi(second.mesh).yaml).toBe(exported);
    });
});

describe("timeouts.backendRequest and backendRef ports", () => {
  const { mesh, report } = importGatewayApi(manifest("httproute-timeout-backend-request"));
  const rules = mesh.routes[0]!.rules;

  it("backendRequest is the rule's per-try timeout without further attempts; 0s disables it", () => {
    expect(report.documents.map((d) => d.status)).toEqual(["imported"]);
    expect(rules[0]!.retries).toMatchObject({ attempts: 0, perTryTimeoutMs: 500 });
    expect(rules[0]!.timeoutMs).toBeUndefined();
    expect(rules[1]!.retries).toBeUndefined();
  });

  it("the backendRef's Service port stays on the destination and becomes a port of the service", () => {
    expect(rules.flatMap((r) => r.destinations.map((d) => d.port))).toEqual([8080, 8080]);
    expect(mesh.services[0]!.ports).toEqual([{ name: "http-8080", number: 8080, protocol: "HTTP" }]);
  });

  it("exports back as timeouts.backendRequest and the same port; a retried rule keeps its per-try timeout there", () => {
    const yaml = exportGatewayApi(mesh).yaml;
    expect(yaml).toContain("backendRequest: 500ms");
    expect(yaml).toContain("port: 8080");
    const retried = structuredClone(mesh);
    retried.routes[0]!.rules[0]!.retries!.attempts = 2;
    const out = exportGatewayApi(retried);
    expect(out.yaml).toContain("backendRequest: 500ms");
    expect(out.unsupported.map((u) => u.message)).toContain("retries are not in the Gateway API standard channel");
  });
});

describe("Kubernetes Service appProtocol", () => {
  const base = readReference("gateway-api/conformance/base/manifests.yaml");

  it("a backendRef to a port with appProtocol kubernetes.io/h2c makes an HTTP2 service port; kubernetes.io/ws stays HTTP", () => {
    const ports = (test: string) => {
      const { mesh } = importGatewayApi(`${base}\n---\n${manifest(test)}`);
      const svc = mesh.services.find((s) => s.name === "infra-backend" && s.namespace === "gateway-conformance-infra")!;
      return { ports: svc.ports, dest: mesh.routes[0]!.rules[0]!.destinations[0]!.port };
    };
    expect(ports("httproute-backend-protocol-h2c")).toEqual({
      ports: [{ name: "http2-8081", number: 8081, protocol: "HTTP2" }],
      dest: 8081,
    });
    expect(ports("httproute-backend-protocol-websocket")).toEqual({
      ports: [{ name: "http-8082", number: 8082, protocol: "HTTP" }],
      dest: 8082,
    });
  });

  it("without the Services in the input, a backendRef port is HTTP", () => {
    const { mesh } = importGatewayApi(manifest("httproute-backend-protocol-h2c"));
    expect(mesh.services[0]!.ports).toEqual([{ name: "http-8081", number: 8081, protocol: "HTTP" }]);
  });
});
