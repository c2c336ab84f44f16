import { describe, expect, it } from "vitest";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { compileMesh } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema, type AuthorizationPolicyInput, type PeerAuthentication } from "@/lib/core/model/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";

const withPolicies = (
  authorizationPolicies: AuthorizationPolicyInput[],
  peerAuthentications: PeerAuthentication[] = [],
) => MeshConfigSchema.parse({ ...bookinfoMesh(), authorizationPolicies, peerAuthentications });

const codes = (m: ReturnType<typeof withPolicies>) => validateMesh(m).map((i) => `${i.code} ${i.path.join(".")}`);

describe("access policy validation (SB6xx)", () => {
  it("a sound policy has no issues", () => {
    expect(codes(withPolicies([{ name: "p", selector: { matchLabels: { app: "reviews" } }, rules: [{}] }]))).toEqual(
      [],
    );
  });
  it("reports duplicates, bad CIDRs, CUSTOM, unsupported fields, target conflicts, empty conditions", () => {
    const m = withPolicies([
      { name: "p", selector: { matchLabels: { app: "reviews" } }, targetRefs: [{ kind: "Service", name: "reviews" }] },
      { name: "p", action: "CUSTOM", selector: { matchLabels: { app: "nope" } } },
      {
        name: "q",
        rules: [
          {
            from: [{ source: { ipBlocks: ["10.0.0.0/33"], requestPrincipals: ["*"] } }],
            when: [{ key: "request.auth.claims[iss]", values: ["x"] }, { key: "source.ip" }],
          },
        ],
      },
    ]);
    expect(codes(m)).toEqual([
      "SB601 authorizationPolicies.1.name",
      "SB606 authorizationPolicies.0.targetRefs",
      "SB603 authorizationPolicies.1.action",
      "SB607 authorizationPolicies.1.selector",
      "SB602 authorizationPolicies.2.rules.0.from.0.source.ipBlocks.0",
      "SB604 authorizationPolicies.2.rules.0.from.0.source.requestPrincipals",
      "SB604 authorizationPolicies.2.rules.0.when.0.key",
      "SB608 authorizationPolicies.2.rules.0.when.1",
    ]);
  });
  it("wants a selector for portLevelMtls, and none in the root namespace (it would apply to no sidecar)", () => {
    const m = withPolicies(
      [],
      [
        { name: "default", namespace: "istio-system", portLevelMtls: { "9080": { mode: "STRICT" } } },
        { name: "ratings", namespace: "istio-system", selector: { matchLabels: { app: "ratings" } } },
        {
          name: "reviews",
          namespace: "default",
          selector: { matchLabels: { app: "reviews" } },
          mtls: { mode: "STRICT" },
        },
      ],
    );
    expect(codes(m)).toEqual(["SB606 peerAuthentications.0.portLevelMtls", "SB605 peerAuthentications.1.selector"]);
  });
  it("compiles policies to the clusters and gateways they select; mesh-wide ones to all", () => {
    const m = withPolicies([
      { name: "v2-only", selector: { matchLabels: { app: "reviews", version: "v2" } }, action: "DENY", rules: [{}] },
      { name: "everyone", namespace: "istio-system", action: "AUDIT", rules: [{}] },
      { name: "edge", targetRefs: [{ kind: "Gateway", name: "edge" }], rules: [{}] },
    ]);
    const compiled = compileMesh(m).authorization!;
    expect(compiled.map((p) => [`${p.namespace}/${p.name}`, p.clusters.length, p.gateways])).toEqual([
      ["default/edge", 0, ["edge"]],
      ["default/v2-only", 1, []],
      ["istio-system/everyone", m.services.flatMap((s) => s.versions).length, ["edge"]],
    ]);
    expect(compiled[1]!.clusters).toEqual(["reviews/v2"]);
  });
  it("SB609 warns about a policy in a namespace no service or gateway uses, instead of SB607", () => {
    const m = withPolicies(
      [
        { name: "elsewhere", namespace: "other", selector: { matchLabels: { app: "ratings" } }, rules: [{}] },
        { name: "everyone", namespace: "istio-system", rules: [{}] },
      ],
      [{ name: "elsewhere", namespace: "other", mtls: { mode: "STRICT" } }],
    );
    const issues = validateMesh(m);
    expect(issues.map((i) => `${i.code} ${i.severity} ${i.path.join(".")}`)).toEqual([
      "SB609 warning authorizationPolicies.0.namespace",
      "SB609 warning peerAuthentications.0.namespace",
    ]);
    expect(issues[0]!.message).toContain("no service or gateway lives in namespace other");
  });
  it("compiles a policy only to the clusters of its own namespace", () => {
    const base = bookinfoMesh();
    const m = MeshConfigSchema.parse({
      ...base,
      services: base.services.map((s) => (s.name === "ratings" ? { ...s, namespace: "shop" } : s)),
      authorizationPolicies: [
        { name: "in-default", selector: { matchLabels: { app: "ratings" } }, action: "DENY", rules: [{}] },
        { name: "in-shop", namespace: "shop", action: "DENY", rules: [{}] },
      ],
    });
    const compiled = compileMesh(m).authorization!;
    expect(compiled.map((p) => [`${p.namespace}/${p.name}`, p.clusters])).toEqual([["shop/in-shop", ["ratings/v1"]]]);
    expect(validateMesh(m).map((i) => `${i.code} ${i.path.join(".")}`)).toEqual([
      "SB607 authorizationPolicies.0.selector",
    ]);
  });
});
