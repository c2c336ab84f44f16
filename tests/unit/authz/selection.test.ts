import { describe, expect, it } from "vitest";
import {
  gatewayWorkload,
  peerSelects,
  policySelectsService,
  selects,
  serviceWorkload,
} from "@/lib/core/authz/index.ts";
import { AuthorizationPolicySchema, type AuthorizationPolicyInput } from "@/lib/core/model/index.ts";

/**
 * Which workloads a policy selects, with namespaces, as Istio's AuthorizationPolicy reference states it: a policy
 * applies to workloads of its own namespace; in the root namespace (istio-system) it is mesh-wide, and a selector
 * there matches workloads of every namespace; targetRefs name an object of the policy's own namespace.
 */
const policy = (p: Omit<AuthorizationPolicyInput, "name">) => AuthorizationPolicySchema.parse({ name: "p", ...p });

const ratingsDefault = serviceWorkload({ name: "ratings" }, { name: "v1" });
const ratingsShop = serviceWorkload({ name: "ratings", namespace: "shop" }, { name: "v1" });
const edgeDefault = gatewayWorkload({ name: "edge" });
const edgeShop = gatewayWorkload({ name: "edge", namespace: "shop" });

const CASES: { what: string; p: Omit<AuthorizationPolicyInput, "name">; selected: string[] }[] = [
  { what: "no namespace: `default`, namespace-wide", p: {}, selected: ["ratings@default", "edge@default"] },
  { what: "namespace-wide in shop", p: { namespace: "shop" }, selected: ["ratings@shop", "edge@shop"] },
  { what: "namespace-wide in a namespace nothing lives in", p: { namespace: "other" }, selected: [] },
  {
    what: "mesh-wide from the root namespace",
    p: { namespace: "istio-system" },
    selected: ["ratings@default", "ratings@shop", "edge@default", "edge@shop"],
  },
  {
    what: "a selector in default",
    p: { selector: { matchLabels: { app: "ratings" } } },
    selected: ["ratings@default"],
  },
  {
    what: "a selector in shop",
    p: { namespace: "shop", selector: { matchLabels: { app: "ratings" } } },
    selected: ["ratings@shop"],
  },
  {
    what: "a selector in another namespace selects nothing there",
    p: { namespace: "other", selector: { matchLabels: { app: "ratings" } } },
    selected: [],
  },
  {
    what: "a selector in the root namespace matches in every namespace",
    p: { namespace: "istio-system", selector: { matchLabels: { app: "ratings" } } },
    selected: ["ratings@default", "ratings@shop"],
  },
  {
    what: "targetRefs in shop: the Service and Gateway of shop only",
    p: {
      namespace: "shop",
      targetRefs: [
        { kind: "Service", name: "ratings" },
        { kind: "Gateway", name: "edge" },
      ],
    },
    selected: ["ratings@shop", "edge@shop"],
  },
  {
    what: "targetRefs in the root namespace: only objects of istio-system",
    p: { namespace: "istio-system", targetRefs: [{ kind: "Service", name: "ratings" }] },
    selected: [],
  },
];

const WORKLOADS = {
  "ratings@default": ratingsDefault,
  "ratings@shop": ratingsShop,
  "edge@default": edgeDefault,
  "edge@shop": edgeShop,
};

describe("policy selection with namespaces", () => {
  it.each(CASES)("$what", ({ p, selected }) => {
    const pol = policy(p);
    const got = Object.entries(WORKLOADS)
      .filter(([, w]) => selects(pol, w))
      .map(([k]) => k);
    expect(got.sort()).toEqual([...selected].sort());
  });

  it("workloads carry their service's or gateway's namespace, `default` when absent", () => {
    expect(ratingsDefault).toEqual({
      kind: "service",
      name: "ratings",
      namespace: "default",
      labels: { app: "ratings", version: "v1" },
    });
    expect(edgeShop.namespace).toBe("shop");
  });

  it("policySelectsService compares namespaces, with and without versions", () => {
    const shopOnly = policy({ namespace: "shop", selector: { matchLabels: { app: "ratings" } } });
    expect(policySelectsService(shopOnly, { name: "ratings", namespace: "shop" })).toBe(true);
    expect(policySelectsService(shopOnly, { name: "ratings" })).toBe(false);
    expect(policySelectsService(shopOnly, { name: "ratings", namespace: "shop", versions: [{ name: "v1" }] })).toBe(
      true,
    );
    expect(policySelectsService(shopOnly, { name: "ratings", versions: [{ name: "v1" }] })).toBe(false);
  });

  it("PeerAuthentication ignores a selector in the root namespace, not a namespace-wide one", () => {
    const rootSelector = policy({ namespace: "istio-system", selector: { matchLabels: { app: "ratings" } } });
    expect(selects(rootSelector, ratingsShop)).toBe(true);
    expect(peerSelects(rootSelector, ratingsShop)).toBe(false);
    expect(peerSelects(policy({ namespace: "istio-system" }), ratingsShop)).toBe(true);
    expect(peerSelects(policy({ namespace: "default" }), ratingsShop)).toBe(false);
  });

  it("a policy namespace is any namespace name", () => {
    expect(AuthorizationPolicySchema.safeParse({ name: "p", namespace: "team-a" }).success).toBe(true);
    expect(AuthorizationPolicySchema.safeParse({ name: "p", namespace: "Team_A" }).success).toBe(false);
  });
});
