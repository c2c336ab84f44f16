import { describe, expect, it } from "vitest";
import { exportIstio, importGatewayApi, importIstio } from "@/lib/core/yaml/index.ts";
import { readReference } from "./schemas.ts";

const manifest = (name: string) => readReference(`gateway-api/conformance/tests/${name}.yaml`);
/** Issue paths, less a RequestMirror backendRef's port 8080 (reported: a mirror goes to its endpoints' own port). */
const issuePaths = (yaml: string) =>
  importGatewayApi(yaml)
    .report.documents.flatMap((d) => d.issues.map((i) => `${d.name}: ${i.path.join(".")}`))
    .filter((p) => !/backendRef\.port$/.test(p));

describe("filters at import: nothing the proxy supports is dropped, the rest is reported", () => {
  it("redirect ports, path modifiers and rewrites of the upstream manifests import without an issue", () => {
    for (const name of [
      "httproute-rewrite-path",
      "httproute-redirect-path",
      "httproute-redirect-port",
      "httproute-redirect-scheme",
      "httproute-redirect-host-and-status",
      "httproute-request-multiple-mirrors",
    ])
      expect(issuePaths(manifest(name)), name).toEqual([]);
  });

  it("several RequestMirror filters: the first is the mirror, the others extra mirrors, none lost", () => {
    const rule = importGatewayApi(manifest("httproute-request-multiple-mirrors")).mesh.routes[0]!.rules[0]!;
    expect(rule.mirror).toEqual({ service: "infra-backend", version: "v2", percent: 100 });
    expect(rule.extraMirrors).toEqual([{ service: "infra-backend", version: "v3", percent: 100 }]);
  });

  it("Istio mirrors with percentages import, export and import back the same", () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: [r.example]
  http:
  - route: [{destination: {host: svc, subset: v1}}]
    mirrors:
    - destination: {host: svc, subset: v2}
      percentage: {value: 25}
    - destination: {host: svc, subset: v3}
`;
    const first = importIstio(yaml);
    expect(first.report.documents[0]!.issues).toEqual([]);
    const rule = first.mesh.routes[0]!.rules[0]!;
    expect([rule.mirror, ...(rule.extraMirrors ?? [])].map((m) => `${m!.version} ${m!.percent}`)).toEqual([
      "v2 25",
      "v3 100",
    ]);
    const again = importIstio(exportIstio(first.mesh));
    expect(again.mesh.routes[0]!.rules[0]).toEqual(rule);
  });

  it("a mirror into another namespace is read with its namespace, not reported as dropped", () => {
    const yaml = manifest("httproute-request-multiple-mirrors").replace(
      "namespace: gateway-conformance-infra\n          port: 8080",
      "namespace: elsewhere\n          port: 8080",
    );
    expect(issuePaths(yaml)).toEqual([]);
    const { mesh } = importGatewayApi(yaml);
    const mirror = mesh.routes[0]!.rules[0]!.mirror!;
    expect(mesh.services.find((s) => s.name === mirror.service)?.namespace).toBe("elsewhere");
  });
});
