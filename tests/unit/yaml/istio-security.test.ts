import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { MeshConfigSchema, type MeshConfig } from "@/lib/core/model/index.ts";
import { exportIstio, importIstio, importYaml } from "@/lib/core/yaml/index.ts";
import { validateObject } from "./schemas.ts";

const mesh: MeshConfig = MeshConfigSchema.parse({
  ...bookinfoMesh(),
  authorizationPolicies: [
    {
      name: "reviews-access",
      selector: { matchLabels: { version: "v2", app: "reviews" } },
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: ["cluster.local/ns/default/sa/productpage"], notIpBlocks: ["10.0.0.0/8"] } }],
          to: [{ operation: { methods: ["GET"], paths: ["/reviews/*"], ports: ["9080"] } }],
          when: [{ key: "request.headers[x-user]", notValues: ["mallory"] }],
        },
      ],
    },
    {
      name: "deny-admin",
      namespace: "istio-system",
      action: "DENY",
      rules: [{ to: [{ operation: { paths: ["/admin*"] } }] }],
    },
    { name: "edge", targetRefs: [{ kind: "Gateway", name: "edge" }], action: "AUDIT", rules: [{}] },
    { name: "allow-nothing", selector: { matchLabels: { app: "ratings" } } },
  ],
  peerAuthentications: [
    { name: "default", namespace: "istio-system", mtls: { mode: "STRICT" } },
    {
      name: "reviews",
      selector: { matchLabels: { app: "reviews" } },
      mtls: { mode: "PERMISSIVE" },
      portLevelMtls: { "9080": { mode: "DISABLE" } },
    },
  ],
});

const security = (yaml: string) =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS() as { apiVersion: string; kind: string })
    .filter((o) => o.apiVersion.startsWith("security.istio.io/"));

describe("security.istio.io import/export", () => {
  it("exports v1 objects that validate against the strict CRD schemas", () => {
    const objects = security(exportIstio(mesh));
    expect(objects.map((o) => o.kind)).toEqual([
      "PeerAuthentication",
      "PeerAuthentication",
      "AuthorizationPolicy",
      "AuthorizationPolicy",
      "AuthorizationPolicy",
      "AuthorizationPolicy",
    ]);
    for (const o of objects) expect(validateObject(o)).toEqual({ ok: true, errors: [] });
  });

  it("round-trips: the imported policies equal the mesh's, and a second export is byte-identical", () => {
    const first = exportIstio(mesh);
    const back = importIstio(first);
    expect(back.report.documents.filter((d) => d.status !== "imported")).toEqual([]);
    const key = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
    const sorted = <T extends { namespace: string; name: string }>(l: T[]) =>
      [...l].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(back.mesh.authorizationPolicies)).toEqual(
      sorted(mesh.authorizationPolicies).map((p) =>
        p.targetRefs
          ? { ...p, targetRefs: p.targetRefs.map((r) => ({ ...r, group: "gateway.networking.k8s.io" })) }
          : p,
      ),
    );
    expect(sorted(back.mesh.peerAuthentications)).toEqual(sorted(mesh.peerAuthentications));
    expect(exportIstio(back.mesh)).toBe(first);
  });

  it("reads v1beta1, and reports what it does not keep instead of dropping it", () => {
    const text = `apiVersion: security.istio.io/v1beta1
kind: AuthorizationPolicy
metadata:
  name: httpbin
  namespace: foo
  labels: {team: a}
spec:
  action: CUSTOM
  provider: {name: ext-authz}
  rules:
  - from:
    - source:
        serviceAccounts: ["default/sleep"]
    to:
    - operation:
        methods: ["GET"]
`;
    const { mesh: m, report } = importYaml(text);
    expect(m.authorizationPolicies).toEqual([
      {
        name: "httpbin",
        namespace: "foo",
        action: "CUSTOM",
        rules: [
          { from: [{ source: { principals: ["*/ns/default/sa/sleep"] } }], to: [{ operation: { methods: ["GET"] } }] },
        ],
      },
    ]);
    const doc = report.documents[0]!;
    expect(doc.status).toBe("partial");
    expect(doc.issues.map((i) => i.path.join("."))).toEqual([
      "metadata.labels",
      "spec.provider",
      "spec.action",
      "spec.rules.0.from.0.source.serviceAccounts",
    ]);
  });

  it("keeps each policy's namespace both ways: default takes the export's, others and istio-system stay", () => {
    const text = ["shop", "istio-system", undefined]
      .map(
        (ns, i) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: p${i}
${ns === undefined ? "" : `  namespace: ${ns}\n`}spec: {mtls: {mode: STRICT}}
`,
      )
      .join("---\n");
    const { mesh: m, report } = importYaml(text);
    expect(report.documents.map((d) => d.status)).toEqual(["imported", "imported", "imported"]);
    expect(m.peerAuthentications.map((p) => `${p.namespace}/${p.name}`)).toEqual([
      "shop/p0",
      "istio-system/p1",
      "default/p2",
    ]);
    const out = exportIstio(m, { namespace: "team" });
    expect(out).toContain("name: p0\n  namespace: shop\n");
    expect(out).toContain("name: p1\n  namespace: istio-system\n");
    expect(out).toContain("name: p2\n  namespace: team\n");
  });

  it("a malformed policy is invalid, naming the field", () => {
    const { report } = importYaml(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: bad}
spec: {mtls: {mode: SOMETIMES}}
`);
    expect(report.documents[0]!.status).toBe("invalid");
    expect(report.documents[0]!.issues[0]!.message).toMatch(/mtls\.mode/);
  });
});
