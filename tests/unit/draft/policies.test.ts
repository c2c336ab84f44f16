import { describe, expect, it } from "vitest";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import { diffMesh } from "@/lib/core/diff/index.ts";
import {
  addAuthorizationPolicy,
  removeAuthorizationPolicy,
  setAuthorizationPolicy,
  setPeerAuthentication,
} from "@/lib/core/draft/index.ts";
import { AuthorizationPolicySchema } from "@/lib/core/model/index.ts";

const deny = AuthorizationPolicySchema.parse({
  name: "no-admin",
  action: "DENY",
  selector: { matchLabels: { app: "reviews" } },
  rules: [{}],
});

describe("policy draft commands and diff", () => {
  it("add, change, remove; no-ops return the same mesh", () => {
    const base = bookinfoMesh();
    const added = addAuthorizationPolicy(base, deny);
    expect(added.authorizationPolicies).toEqual([deny]);
    expect(addAuthorizationPolicy(added, deny)).toBe(added);
    const changed = setAuthorizationPolicy(added, deny, { ...deny, action: "AUDIT" });
    expect(changed.authorizationPolicies[0]!.action).toBe("AUDIT");
    expect(setAuthorizationPolicy(added, { namespace: "default", name: "missing" }, deny)).toBe(added);
    expect(removeAuthorizationPolicy(changed, deny).authorizationPolicies).toEqual([]);
    expect(removeAuthorizationPolicy(base, deny)).toBe(base);
    expect(diffMesh(base, added).map((c) => c.summary)).toEqual(["AuthorizationPolicy default/no-admin added"]);
    expect(diffMesh(added, changed).map((c) => c.summary)).toEqual([
      "action of authorizationPolicy default/no-admin: DENY → AUDIT",
    ]);
  });
  it("setPeerAuthentication adds or replaces by namespace/name", () => {
    const one = setPeerAuthentication(bookinfoMesh(), {
      name: "default",
      namespace: "istio-system",
      mtls: { mode: "STRICT" },
    });
    const two = setPeerAuthentication(one, {
      name: "default",
      namespace: "istio-system",
      mtls: { mode: "PERMISSIVE" },
    });
    expect(two.peerAuthentications).toEqual([
      { name: "default", namespace: "istio-system", mtls: { mode: "PERMISSIVE" } },
    ]);
    expect(diffMesh(one, two)[0]!.entity).toBe("peerAuthentication");
  });
});
