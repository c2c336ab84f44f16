import { describe, expect, it } from "vitest";
import { compileMesh } from "@/lib/core/compile/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { exportGatewayApi, exportIstio, importGatewayApi, importIstio } from "@/lib/core/yaml/index.ts";
import { readReference } from "./schemas.ts";

const manifest = (name: string) => readReference(`gateway-api/conformance/tests/${name}.yaml`);

/** The actions the proxy takes for the one host of the one gateway: destinations (cluster) or a direct status. */
function actions(yaml: string): string[] {
  const { mesh } = importGatewayApi(yaml);
  return compileMesh(mesh).virtualHosts.flatMap((h) =>
    h.rules.map((r) =>
      r.directResponse ? `${r.directResponse.status}` : r.destinations.map((d) => d.cluster).join(","),
    ),
  );
}

const GRANT = `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: allow
  namespace: backends
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: apps
  to:
    - group: ""
      kind: Service
`;
const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
  namespace: apps
spec:
  parentRefs:
    - name: edge
  rules:
    - backendRefs:
        - name: web-v1
          namespace: backends
          port: 80
`;

describe("namespaces and ReferenceGrants", () => {
  it("routes, gateways and services keep their namespace; 'default' is written as none", () => {
    const { mesh, report } = importGatewayApi(manifest("httproute-reference-grant"));
    // Nothing left out: the backend port 8080 is kept on the destination.
    expect(report.documents.map((d) => `${d.kind} ${d.status}`)).toEqual([
      "ReferenceGrant imported",
      "HTTPRoute imported",
    ]);
    expect(mesh.routes.map((r) => `${r.namespace}/${r.name}`)).toEqual(["gateway-conformance-infra/reference-grant"]);
    expect(mesh.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(["gateway-conformance-web-backend/web"]);
    expect(mesh.referenceGrants).toEqual([
      {
        name: "reference-grant",
        namespace: "gateway-conformance-web-backend",
        from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "gateway-conformance-infra" }],
        to: [{ group: "", kind: "Service", name: "web-backend" }],
      },
    ]);
    const plain = importGatewayApi(
      ROUTE.replace("  namespace: apps\n", "").replace("namespace: backends", "namespace: default"),
    );
    expect(plain.mesh.routes[0]).not.toHaveProperty("namespace");
    expect(plain.mesh.services[0]).not.toHaveProperty("namespace");
  });

  it("a cross-namespace backendRef is followed only with a ReferenceGrant in the target namespace", () => {
    expect(actions(`${ROUTE}---\n${GRANT}`)).toEqual(["web/v1"]);
    expect(actions(ROUTE)).toEqual(["500"]);
    // A grant elsewhere, for another kind, from another namespace, or for another name does not count.
    expect(actions(`${ROUTE}---\n${GRANT.replace("namespace: backends", "namespace: apps")}`)).toEqual(["500"]);
    expect(actions(`${ROUTE}---\n${GRANT.replace("kind: HTTPRoute", "kind: GRPCRoute")}`)).toEqual(["500"]);
    expect(actions(`${ROUTE}---\n${GRANT.replace("namespace: apps", "namespace: other")}`)).toEqual(["500"]);
    expect(actions(`${ROUTE}---\n${GRANT}      name: web-v2\n`)).toEqual(["500"]);
    expect(actions(`${ROUTE}---\n${GRANT}      name: web-v1\n`)).toEqual(["web/v1"]);
  });

  it("an ungranted ref beside a granted one loses its share; validation names it (SB308)", () => {
    const two = ROUTE.replace(
      "          port: 80\n",
      "          port: 80\n        - name: local-v1\n          port: 80\n",
    );
    expect(actions(two)).toEqual(["local/v1"]);
    const { mesh } = importGatewayApi(two);
    const issues = validateMesh(mesh).filter((i) => i.code === "SB308");
    expect(issues.map((i) => `${i.severity} ${i.path.join(".")}`)).toEqual([
      "warning routes.0.rules.0.destinations.0.service",
    ]);
    expect(validateMesh(importGatewayApi(`${two}---\n${GRANT}`).mesh).filter((i) => i.code === "SB308")).toEqual([]);
  });

  it("the upstream partially-invalid manifest: the ungranted rule answers 500, the granted one forwards", () => {
    expect(actions(manifest("httproute-partially-invalid-via-invalid-reference-grant")).sort()).toEqual([
      "500",
      "app-backend/v1",
    ]);
  });

  it("export writes each object's namespace, the backendRef's namespace across namespaces, and the grants", () => {
    const yaml = `${ROUTE}---\n${GRANT}`;
    const first = exportGatewayApi(importGatewayApi(yaml).mesh);
    expect(first.yaml).toContain("kind: ReferenceGrant");
    expect(first.yaml).toMatch(/name: web-v1\n\s+namespace: backends/);
    expect(first.yaml).toMatch(/kind: HTTPRoute\nmetadata:\n\s+name: r\n\s+namespace: apps/);
    const again = importGatewayApi(first.yaml);
    expect(again.mesh.referenceGrants).toEqual(importGatewayApi(yaml).mesh.referenceGrants);
    expect(exportGatewayApi(again.mesh).yaml).toBe(first.yaml);
  });

  it("duplicate grants in one namespace are an error (SB212)", () => {
    const { mesh } = importGatewayApi(`${GRANT}---\n${GRANT}`);
    expect(validateMesh(mesh).map((i) => i.code)).toContain("SB212");
  });

  it("the upstream ReferenceGrant manifests round-trip: export → import → export is byte-identical", () => {
    for (const name of [
      "httproute-reference-grant",
      "httproute-invalid-reference-grant",
      "httproute-partially-invalid-via-invalid-reference-grant",
      "httproute-invalid-cross-namespace-backend-ref",
    ]) {
      const first = exportGatewayApi(importGatewayApi(manifest(name)).mesh).yaml;
      const again = importGatewayApi(first);
      expect(
        again.report.documents.filter((d) => d.status === "invalid"),
        name,
      ).toEqual([]);
      expect(exportGatewayApi(again.mesh).yaml, name).toBe(first);
    }
  });

  it("Istio objects keep their namespace through export → import → export", () => {
    const { mesh } = importGatewayApi(`${ROUTE}---\n${GRANT}`);
    const first = exportIstio(mesh);
    expect(first).toMatch(/kind: VirtualService\nmetadata:\n\s+name: r\n\s+namespace: apps/);
    const again = importIstio(first).mesh;
    expect(again.services.map((s) => s.namespace)).toEqual(["backends"]);
    expect(exportIstio(again)).toBe(first);
  });
});
