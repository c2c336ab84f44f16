import { describe, expect, it } from "vitest";
import * as draft from "@/lib/core/draft/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { bookinfo } from "../graph/meshes.ts";
import { deepFreeze } from "./helpers.ts";

type Command = (mesh: MeshConfig) => MeshConfig;

const rule = { route: "reviews", rule: 0 };
const dest = { ...rule, destination: 1 };
const match = { route: "reviews", rule: 0, match: 0 };
const version = { service: "reviews", version: "v2" };
const endpoint = { ...version, endpoint: 0 };
const anyMatch = { methods: ["GET"], headers: [], queryParams: [] };
const policy = { name: "p", namespace: "default" as const, action: "DENY" as const, rules: [{}] };

/**
 * Every command: one call that edits something in the bookinfo mesh, and calls whose target is missing.
 * Bookinfo's rules have no matches, so the match commands get a mesh with one first (`withMatch`).
 */
const COMMANDS: Record<string, { edits: Command; missing: Command[]; base?: () => MeshConfig }> = {
  addRoute: {
    edits: (m) => draft.addRoute(m, { name: "shop", service: "reviews" }),
    missing: [(m) => draft.addRoute(m, { name: "shop", service: "nope" })],
  },
  removeRoute: { edits: (m) => draft.removeRoute(m, "reviews"), missing: [(m) => draft.removeRoute(m, "nope")] },
  setRouteHosts: {
    edits: (m) => draft.setRouteHosts(m, "reviews", ["r.demo"]),
    missing: [(m) => draft.setRouteHosts(m, "nope", ["r.demo"])],
  },
  setRouteNamespace: {
    edits: (m) => draft.setRouteNamespace(m, "reviews", "apps"),
    missing: [(m) => draft.setRouteNamespace(m, "nope", "apps")],
  },
  setServiceNamespace: {
    edits: (m) => draft.setServiceNamespace(m, "ratings", "backends"),
    missing: [(m) => draft.setServiceNamespace(m, "nope", "backends")],
  },
  setGatewayNamespace: {
    edits: (m) => draft.setGatewayNamespace(m, "edge", "infra"),
    missing: [(m) => draft.setGatewayNamespace(m, "nope", "infra")],
  },
  setRouteGateway: {
    edits: (m) => draft.setRouteGateway(m, "reviews", "edge", true),
    missing: [(m) => draft.setRouteGateway(m, "nope", "edge", true)],
  },
  addRule: { edits: (m) => draft.addRule(m, "reviews"), missing: [(m) => draft.addRule(m, "nope")] },
  removeRule: {
    edits: (m) => draft.removeRule(m, rule),
    missing: [(m) => draft.removeRule(m, { route: "nope", rule: 0 }), (m) => draft.removeRule(m, { ...rule, rule: 1 })],
  },
  moveRule: {
    edits: (m) => draft.moveRule(draft.addRule(m, "reviews"), rule, 1),
    missing: [
      (m) => draft.moveRule(m, { route: "nope", rule: 0 }, 1),
      (m) => draft.moveRule(m, { ...rule, rule: 3 }, -1),
    ],
  },
  setRuleName: {
    edits: (m) => draft.setRuleName(m, rule, "main"),
    missing: [(m) => draft.setRuleName(m, { ...rule, rule: 1 }, "main")],
  },
  setRulePolicy: {
    edits: (m) => draft.setRulePolicy(m, rule, { timeoutMs: 500 }),
    missing: [(m) => draft.setRulePolicy(m, { ...rule, rule: "nope" }, { timeoutMs: 500 })],
  },
  addMatch: { edits: (m) => draft.addMatch(m, rule), missing: [(m) => draft.addMatch(m, { ...rule, rule: 2 })] },
  setMatch: {
    base: () => draft.addMatch(bookinfo(), rule),
    edits: (m) => draft.setMatch(m, match, anyMatch),
    missing: [(m) => draft.setMatch(m, { ...match, match: 1 }, anyMatch)],
  },
  removeMatch: {
    base: () => draft.addMatch(bookinfo(), rule),
    edits: (m) => draft.removeMatch(m, match),
    missing: [
      (m) => draft.removeMatch(m, { ...match, match: 1 }),
      (m) => draft.removeMatch(m, { ...match, route: "x" }),
    ],
  },
  setWeight: {
    edits: (m) => draft.setWeight(m, dest, 50),
    missing: [
      (m) => draft.setWeight(m, { ...dest, destination: 2 }, 50),
      (m) => draft.setWeight(m, { ...dest, rule: 1 }, 5),
    ],
  },
  addDestination: {
    edits: (m) => draft.addDestination(m, rule),
    missing: [(m) => draft.addDestination(m, { route: "nope", rule: 0 })],
  },
  removeDestination: {
    edits: (m) => draft.removeDestination(m, dest),
    missing: [(m) => draft.removeDestination(m, { ...dest, destination: 2 })],
  },
  setDestination: {
    edits: (m) => draft.setDestination(m, dest, { version: "v3" }),
    missing: [(m) => draft.setDestination(m, { ...dest, destination: -1 }, { version: "v3" })],
  },
  setDestinationHeaders: {
    edits: (m) => draft.setDestinationHeaders(m, dest, "request", { set: { "x-to": "v2" }, add: {}, remove: [] }),
    missing: [
      (m) => draft.setDestinationHeaders(m, { ...dest, destination: 5 }, "response", { set: {}, add: {}, remove: [] }),
    ],
  },
  addGateway: {
    edits: (m) => draft.addGateway(m, { name: "internal", port: 8443 }),
    missing: [(m) => draft.addGateway(m, { name: "edge" }), (m) => draft.addGateway(m, { name: "" })],
  },
  removeGateway: { edits: (m) => draft.removeGateway(m, "edge"), missing: [(m) => draft.removeGateway(m, "nope")] },
  addListener: { edits: (m) => draft.addListener(m, "edge"), missing: [(m) => draft.addListener(m, "nope")] },
  removeListener: {
    edits: (m) => draft.removeListener(m, { gateway: "edge", listener: 0 }),
    missing: [(m) => draft.removeListener(m, { gateway: "edge", listener: 3 })],
  },
  setListener: {
    edits: (m) => draft.setListener(m, { gateway: "edge", listener: 0 }, { port: 8081 }),
    missing: [
      (m) => draft.setListener(m, { gateway: "nope", listener: 0 }, { port: 8081 }),
      (m) => draft.setListener(m, { gateway: "edge", listener: 0 }, { name: m.gateways[0]!.listeners[0]!.name }),
    ],
  },
  attachRouteToListener: {
    edits: (m) => draft.attachRouteToListener(m, "reviews", "edge", "http"),
    missing: [
      (m) => draft.attachRouteToListener(m, "nope", "edge", "http"),
      (m) => draft.attachRouteToListener(m, "reviews", "nope", "http"),
      (m) => draft.attachRouteToListener(m, "reviews", "edge", "nope"),
    ],
  },
  detachRoute: {
    base: () => draft.attachRouteToListener(bookinfo(), "reviews", "edge", "http"),
    edits: (m) => draft.detachRoute(m, { route: "reviews", gateway: "edge", ref: 0 }),
    missing: [
      (m) => draft.detachRoute(m, { route: "nope", gateway: "edge" }),
      (m) => draft.detachRoute(m, { route: "reviews", gateway: "nope" }),
      (m) => draft.detachRoute(m, { route: "reviews", gateway: "edge", ref: 1 }),
    ],
  },
  addService: {
    edits: (m) => draft.addService(m, { name: "shop" }),
    missing: [(m) => draft.addService(m, { name: "reviews" }), (m) => draft.addService(m, { name: "" })],
  },
  removeService: { edits: (m) => draft.removeService(m, "ratings"), missing: [(m) => draft.removeService(m, "nope")] },
  setDestinationPort: {
    edits: (m) => draft.setDestinationPort(m, dest, 9090),
    missing: [(m) => draft.setDestinationPort(m, { ...dest, destination: -1 }, 9090)],
  },
  setServicePorts: {
    edits: (m) => draft.setServicePorts(m, "ratings", [{ name: "grpc", number: 9090, protocol: "GRPC" }]),
    missing: [(m) => draft.setServicePorts(m, "nope", [])],
  },
  setServiceDetails: {
    edits: (m) => draft.setServiceDetails(m, "ratings", { external: true }),
    missing: [(m) => draft.setServiceDetails(m, "nope", { external: true })],
  },
  setTrafficPolicy: {
    edits: (m) => draft.setTrafficPolicy(m, "ratings", { loadBalancer: { type: "RANDOM" } }),
    missing: [(m) => draft.setTrafficPolicy(m, "nope", { loadBalancer: { type: "RANDOM" } })],
  },
  addVersion: { edits: (m) => draft.addVersion(m, "reviews"), missing: [(m) => draft.addVersion(m, "nope")] },
  removeVersion: {
    edits: (m) => draft.removeVersion(m, version),
    missing: [(m) => draft.removeVersion(m, { ...version, version: "v9" })],
  },
  renameVersion: {
    edits: (m) => draft.renameVersion(m, version, "canary"),
    missing: [(m) => draft.renameVersion(m, { ...version, version: "v9" }, "canary")],
  },
  setVersionLabels: {
    edits: (m) => draft.setVersionLabels(m, version, { track: "canary" }),
    missing: [(m) => draft.setVersionLabels(m, { service: "nope", version: "v1" }, {})],
  },
  addEndpoint: {
    edits: (m) => draft.addEndpoint(m, version),
    missing: [(m) => draft.addEndpoint(m, { ...version, service: "nope" })],
  },
  setEndpoint: {
    edits: (m) => draft.setEndpoint(m, endpoint, { port: 9999 }),
    missing: [(m) => draft.setEndpoint(m, { ...endpoint, endpoint: 1 }, { port: 9999 })],
  },
  removeEndpoint: {
    edits: (m) => draft.removeEndpoint(m, endpoint),
    missing: [(m) => draft.removeEndpoint(m, { ...endpoint, endpoint: 1 })],
  },
  setAllowedRoutesFrom: {
    edits: (m) => draft.setAllowedRoutesFrom(m, { gateway: "edge", listener: 0 }, "Same"),
    missing: [
      (m) => draft.setAllowedRoutesFrom(m, { gateway: "nope", listener: 0 }, "Same"),
      (m) => draft.setAllowedRoutesFrom(m, { gateway: "edge", listener: 5 }, "Same"),
    ],
  },
  editSelectorLabels: {
    base: () => draft.setAllowedRoutesFrom(bookinfo(), { gateway: "edge", listener: 0 }, "Selector"),
    edits: (m) => draft.editSelectorLabels(m, { gateway: "edge", listener: 0 }, (l) => draft.putLabel(l, "team", "a")),
    missing: [
      (m) => draft.editSelectorLabels(m, { gateway: "nope", listener: 0 }, (l) => draft.putLabel(l, "team", "a")),
      (m) => draft.editSelectorLabels(m, { gateway: "edge", listener: 0 }, (l) => draft.dropLabel(l, "nope")),
    ],
  },
  editNamespaceLabels: {
    edits: (m) => draft.editNamespaceLabels(m, "default", (l) => draft.putLabel(l, "team", "a")),
    missing: [(m) => draft.editNamespaceLabels(m, "default", (l) => draft.dropLabel(l, "nope"))],
  },
  addAuthorizationPolicy: {
    edits: (m) => draft.addAuthorizationPolicy(m, policy),
    missing: [],
  },
  setAuthorizationPolicy: {
    base: () => draft.addAuthorizationPolicy(bookinfo(), policy),
    edits: (m) => draft.setAuthorizationPolicy(m, policy, { ...policy, action: "AUDIT" }),
    missing: [(m) => draft.setAuthorizationPolicy(m, { namespace: "default", name: "nope" }, policy)],
  },
  removeAuthorizationPolicy: {
    base: () => draft.addAuthorizationPolicy(bookinfo(), policy),
    edits: (m) => draft.removeAuthorizationPolicy(m, policy),
    missing: [(m) => draft.removeAuthorizationPolicy(m, { namespace: "default", name: "nope" })],
  },
  setPeerAuthentication: {
    edits: (m) =>
      draft.setPeerAuthentication(m, { name: "default", namespace: "istio-system", mtls: { mode: "STRICT" } }),
    missing: [],
  },
  removePeerAuthentication: {
    base: () => draft.setPeerAuthentication(bookinfo(), { name: "default", namespace: "istio-system" }),
    edits: (m) => draft.removePeerAuthentication(m, { name: "default", namespace: "istio-system" }),
    missing: [(m) => draft.removePeerAuthentication(m, { name: "nope", namespace: "default" })],
  },
};

describe("every draft command", () => {
  it("is in the table above", () => {
    const commands = Object.entries(draft)
      .filter(
        ([name, f]) => typeof f === "function" && /^(add|remove|set|move|rename|attach|detach|edit)[A-Z]/.test(name),
      )
      .map(([name]) => name);
    expect(commands.sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  for (const [name, { edits, missing, base = bookinfo }] of Object.entries(COMMANDS)) {
    it(`${name} returns a new mesh and leaves its input as it was`, () => {
      const input = deepFreeze(base());
      const before = structuredClone(input);
      const next = edits(input);
      expect(next).not.toBe(input);
      expect(next).not.toEqual(input);
      expect(input).toEqual(before);
    });

    it(`${name} is a no-op when its target is missing: it returns the very mesh it was given`, () => {
      const input = deepFreeze(base());
      for (const call of missing) expect(call(input)).toBe(input);
    });
  }
});

describe("gateway commands", () => {
  it("switching a listener to HTTPS starts TLS settings; back to HTTP drops them", () => {
    const at = { gateway: "edge", listener: 0 };
    const https = draft.setListener(bookinfo(), at, { protocol: "HTTPS", port: 443 });
    expect(https.gateways[0]!.listeners[0]).toMatchObject({
      protocol: "HTTPS",
      port: 443,
      tls: { mode: "SIMPLE", credentialNames: ["edge-cert"] },
    });
    const http = draft.setListener(https, at, { protocol: "HTTP", httpsRedirect: true });
    expect(http.gateways[0]!.listeners[0]!.tls).toBeUndefined();
    expect(http.gateways[0]!.listeners[0]!.httpsRedirect).toBe(true);
  });

  it("removing a gateway unbinds its routes", () => {
    const m = bookinfo();
    m.routes[0]!.gateways = ["edge"];
    m.routes[0]!.listenerRefs = [{ gateway: "edge", sectionName: m.gateways[0]!.listeners[0]!.name }];
    const after = draft.removeGateway(m, "edge");
    expect(after.gateways.map((g) => g.name)).not.toContain("edge");
    expect(after.routes[0]!.gateways).toEqual([]);
    expect(after.routes[0]!.listenerRefs).toEqual([]);
  });
});

describe("attaching routes to listeners", () => {
  const twoListeners = () => draft.addListener(bookinfo(), "edge"); // edge: http :8080, http-2 :8081

  it("binds a mesh route to the gateway through the listener only (a parentRef with sectionName)", () => {
    const m = draft.attachRouteToListener(twoListeners(), "reviews", "edge", "http-2");
    const r = m.routes.find((x) => x.name === "reviews")!;
    expect(r.gateways).toEqual(["edge"]);
    expect(r.listenerRefs).toEqual([{ gateway: "edge", sectionName: "http-2" }]);
  });

  it("attaching again to the same listener changes nothing", () => {
    const m = draft.attachRouteToListener(twoListeners(), "reviews", "edge", "http");
    expect(draft.attachRouteToListener(m, "reviews", "edge", "http")).toBe(m);
  });

  it("adds a second listener beside the first, and detaching one keeps the route on the other", () => {
    const one = draft.attachRouteToListener(twoListeners(), "reviews", "edge", "http");
    const both = draft.attachRouteToListener(one, "reviews", "edge", "http-2");
    expect(both.routes.find((x) => x.name === "reviews")!.listenerRefs.map((x) => x.sectionName)).toEqual([
      "http",
      "http-2",
    ]);
    const left = draft.detachRoute(both, { route: "reviews", gateway: "edge", ref: 0 });
    const r = left.routes.find((x) => x.name === "reviews")!;
    expect(r.gateways).toEqual(["edge"]);
    expect(r.listenerRefs).toEqual([{ gateway: "edge", sectionName: "http-2" }]);
  });

  it("detaching the last listener unbinds the gateway instead of widening the route to all its listeners", () => {
    const m = draft.attachRouteToListener(twoListeners(), "reviews", "edge", "http");
    const r = draft
      .detachRoute(m, { route: "reviews", gateway: "edge", ref: 0 })
      .routes.find((x) => x.name === "reviews")!;
    expect(r.gateways).toEqual([]);
    expect(r.listenerRefs).toEqual([]);
  });

  it("renaming a listener carries the routes attached to it by name", () => {
    const m = draft.attachRouteToListener(twoListeners(), "reviews", "edge", "http-2");
    const renamed = draft.setListener(m, { gateway: "edge", listener: 1 }, { name: "web" });
    expect(renamed.routes.find((x) => x.name === "reviews")!.listenerRefs).toEqual([
      { gateway: "edge", sectionName: "web" },
    ]);
    expect(renamed.routes.filter((x) => x.name !== "reviews")).toEqual(m.routes.filter((x) => x.name !== "reviews"));
  });

  it("detaching without a ref unbinds the whole gateway and its refs", () => {
    const m = draft.attachRouteToListener(twoListeners(), "reviews", "edge", "http");
    const r = draft.detachRoute(m, { route: "reviews", gateway: "edge" }).routes.find((x) => x.name === "reviews")!;
    expect(r).toMatchObject({ gateways: [], listenerRefs: [] });
  });
});
