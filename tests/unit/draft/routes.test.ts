import { describe, expect, it } from "vitest";
import {
  addMatch,
  addRoute,
  addRule,
  findRule,
  moveRule,
  newMatch,
  removeMatch,
  removeRoute,
  removeRule,
  setMatch,
  setRouteGateway,
  setRouteHosts,
  setRuleName,
  setRulePolicy,
} from "@/lib/core/draft/index.ts";
import { RouteMatchSchema, type RouteRule } from "@/lib/core/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";
import { bookinfo, twoGateways } from "../graph/meshes.ts";
import { routeOf } from "./helpers.ts";

const names = (rules: RouteRule[]) => rules.map((r) => r.name);

describe("addRoute / removeRoute", () => {
  it("adds a route with one catch-all rule sending everything to the service's first version", () => {
    const next = addRoute(bookinfo(), { name: "shop", service: "reviews" });
    expect(routeOf(next, "shop")).toEqual({
      name: "shop",
      semantics: "istio",
      creationOrder: 1, // younger than every Bookinfo route (all 0)
      hosts: ["reviews.demo.svc.cluster.local"],
      gateways: [],
      listenerRefs: [],
      rules: [{ name: "default", matches: [], destinations: [{ service: "reviews", version: "v1", weight: 100 }] }],
    });
    expect(next.routes.at(-1)?.name).toBe("shop");
    expect(validateMesh(next).filter((i) => i.severity === "error")).toEqual([]);
  });

  it("uses the given host, and refuses an empty or taken name", () => {
    const mesh = bookinfo();
    expect(routeOf(addRoute(mesh, { name: "shop", service: "reviews", host: "shop.demo" }), "shop").hosts).toEqual([
      "shop.demo",
    ]);
    expect(addRoute(mesh, { name: "reviews", service: "ratings" })).toBe(mesh);
    expect(addRoute(mesh, { name: "", service: "ratings" })).toBe(mesh);
  });

  it("removes the named route only", () => {
    const mesh = bookinfo();
    const next = removeRoute(mesh, "details");
    expect(next.routes.map((r) => r.name)).toEqual(["productpage", "ratings", "reviews"]);
    expect(next.routes[0]).toBe(mesh.routes[0]);
  });
});

describe("setRouteHosts / setRouteGateway", () => {
  it("replaces the hosts", () => {
    expect(routeOf(setRouteHosts(bookinfo(), "reviews", ["a.demo", "b.demo"]), "reviews").hosts).toEqual([
      "a.demo",
      "b.demo",
    ]);
  });

  it("binds and unbinds a gateway, once, keeping the others in order", () => {
    const mesh = twoGateways();
    const both = routeOf(mesh, "r-both").gateways;
    expect(both).toEqual(["internal", "public"]);
    const unbound = setRouteGateway(mesh, "r-both", "internal", false);
    expect(routeOf(unbound, "r-both").gateways).toEqual(["public"]);
    expect(routeOf(setRouteGateway(unbound, "r-both", "internal", true), "r-both").gateways).toEqual([
      "public",
      "internal",
    ]);
    expect(setRouteGateway(mesh, "r-both", "public", true)).toBe(mesh);
    expect(setRouteGateway(mesh, "r-mesh", "public", false)).toBe(mesh);
  });
});

describe("rules", () => {
  it("addRule puts a rule matching every path at the top, sending 100% where the first rule's first share goes", () => {
    const mesh = bookinfo();
    const rules = routeOf(addRule(mesh, "reviews"), "reviews").rules;
    expect(rules).toHaveLength(2);
    expect(rules[0]).toEqual({
      name: "",
      matches: [{ uri: { type: "prefix", value: "/" }, methods: [], headers: [], queryParams: [] }],
      destinations: [{ service: "reviews", version: "v1", weight: 100 }],
    });
    expect(rules[1]).toBe(routeOf(mesh, "reviews").rules[0]);
  });

  it("addRule on a route whose first rule has no destination adds a rule without one", () => {
    expect(routeOf(addRule(twoGateways(), "r-ghost"), "r-ghost").rules[0]!.destinations).toEqual([]);
  });

  it("moveRule moves a rule up or down one place and refuses to go past either end", () => {
    const mesh = twoGateways();
    const route = routeOf(mesh, "r-public");
    expect(names(route.rules)).toEqual(["canary", ""]);
    const down = moveRule(mesh, { route: "r-public", rule: 0 }, 1);
    expect(names(routeOf(down, "r-public").rules)).toEqual(["", "canary"]);
    expect(routeOf(down, "r-public").rules[1]).toBe(route.rules[0]);
    expect(names(routeOf(moveRule(mesh, { route: "r-public", rule: 1 }, -1), "r-public").rules)).toEqual([
      "",
      "canary",
    ]);
    expect(moveRule(mesh, { route: "r-public", rule: 0 }, -1)).toBe(mesh);
    expect(moveRule(mesh, { route: "r-public", rule: 1 }, 1)).toBe(mesh);
    expect(moveRule(mesh, { route: "r-public", rule: 0 }, 0)).toBe(mesh);
  });

  it("moves three rules by more than one place, keeping the others' order", () => {
    const mesh = addRule(twoGateways(), "r-public");
    const named = setRuleName(mesh, { route: "r-public", rule: 0 }, "new");
    expect(names(routeOf(named, "r-public").rules)).toEqual(["new", "canary", ""]);
    expect(names(routeOf(moveRule(named, { route: "r-public", rule: 0 }, 2), "r-public").rules)).toEqual([
      "canary",
      "",
      "new",
    ]);
  });

  it("addresses a rule by name as well as by position; an empty name addresses none", () => {
    const mesh = twoGateways();
    expect(findRule(mesh, { route: "r-public", rule: "canary" })).toBe(routeOf(mesh, "r-public").rules[0]);
    expect(findRule(mesh, { route: "r-public", rule: "" })).toBeUndefined();
    const moved = moveRule(mesh, { route: "r-public", rule: "canary" }, 1);
    expect(names(routeOf(moved, "r-public").rules)).toEqual(["", "canary"]);
    expect(removeRule(mesh, { route: "r-public", rule: "" })).toBe(mesh);
    expect(names(routeOf(removeRule(mesh, { route: "r-public", rule: "canary" }), "r-public").rules)).toEqual([""]);
  });

  it("removeRule removes the rule at that position", () => {
    const mesh = twoGateways();
    expect(names(routeOf(removeRule(mesh, { route: "r-public", rule: 1 }), "r-public").rules)).toEqual(["canary"]);
  });

  it("setRuleName renames; the same name is a no-op", () => {
    const mesh = twoGateways();
    expect(routeOf(setRuleName(mesh, { route: "r-public", rule: 1 }, "rest"), "r-public").rules[1]!.name).toBe("rest");
    expect(setRuleName(mesh, { route: "r-public", rule: 0 }, "canary")).toBe(mesh);
  });
});

describe("setRulePolicy", () => {
  const at = { route: "reviews", rule: 0 };

  it("replaces the rule's policies: what the policy leaves out is off", () => {
    const withFault = setRulePolicy(bookinfo(), at, {
      timeoutMs: 2_000,
      fault: { abort: { percent: 10, httpStatus: 503 } },
    });
    const rule = routeOf(withFault, "reviews").rules[0]!;
    expect(rule.timeoutMs).toBe(2_000);
    expect(rule.fault).toEqual({ abort: { percent: 10, httpStatus: 503 } });
    const off = routeOf(setRulePolicy(withFault, at, { timeoutMs: 2_000 }), "reviews").rules[0]!;
    expect("fault" in off).toBe(false);
    expect(off.timeoutMs).toBe(2_000);
  });

  it("keeps the draft's name, matches and destinations when given a whole (stale) rule", () => {
    const mesh = setRuleName(addMatch(bookinfo(), at), at, "main");
    const stale: RouteRule = { name: "old", matches: [], destinations: [], retries: undefined, timeoutMs: 100 };
    const rule = routeOf(setRulePolicy(mesh, at, stale), "reviews").rules[0]!;
    expect(rule).toEqual({ ...routeOf(mesh, "reviews").rules[0], timeoutMs: 100 });
    expect("retries" in rule).toBe(false);
  });
});

describe("matches", () => {
  const at = { route: "reviews", rule: 0 };

  it("addMatch appends a match of every path; setMatch replaces one; removeMatch removes one", () => {
    const two = addMatch(addMatch(bookinfo(), at), at);
    expect(routeOf(two, "reviews").rules[0]!.matches).toEqual([newMatch(), newMatch()]);
    const get = { methods: ["GET"], headers: [], queryParams: [] };
    const set = setMatch(two, { ...at, match: 1 }, get);
    expect(routeOf(set, "reviews").rules[0]!.matches).toEqual([newMatch(), get]);
    expect(routeOf(removeMatch(set, { ...at, match: 0 }), "reviews").rules[0]!.matches).toEqual([get]);
  });

  it("newMatch is schema-complete and a fresh object each time", () => {
    expect(RouteMatchSchema.parse(newMatch())).toEqual(newMatch());
    expect(newMatch()).not.toBe(newMatch());
  });
});
