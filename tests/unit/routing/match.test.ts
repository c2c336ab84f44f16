import { describe, expect, it } from "vitest";
import type { CompiledRule } from "../../../lib/core/index.ts";
import {
  buildRouteTable,
  matchRequest,
  hostWithoutPort,
  parseQuery,
  type RequestInfo,
} from "../../../lib/core/routing/index.ts";
import { cluster, config, rule, vhost } from "../../helpers/snapshot-builder.ts";

const clusters = [cluster("a/v1", [{ port: 1 }]), cluster("a/v2", [{ port: 2 }])];
const to = (id: string, extra: Partial<CompiledRule> = {}) => rule(id, { "a/v1": 100 }, extra);
const req = (over: Partial<RequestInfo> = {}): RequestInfo => ({
  host: "a.test",
  path: "/",
  method: "GET",
  headers: {},
  query: null,
  ...over,
});
const m = (over: Partial<CompiledRule["matches"][number]>) => ({ methods: [], headers: [], queryParams: [], ...over });

describe("host selection", () => {
  const table = buildRouteTable(
    config(
      [
        vhost("exact", ["api.example.com"], [to("exact#0")]),
        vhost("wild", ["*.example.com"], [to("wild#0")]),
        vhost("deeper", ["*.eu.example.com"], [to("deeper#0")]),
        vhost("any", ["*"], [to("any#0")]),
      ],
      clusters,
    ),
  );
  it.each([
    ["api.example.com", "exact#0"],
    ["API.Example.com:8080", "exact#0"],
    ["web.example.com", "wild#0"],
    ["x.eu.example.com", "deeper#0"],
    ["example.com", "any#0"],
    ["other.test", "any#0"],
    ["[::1]:8080", "any#0"],
  ])("%s -> %s", (host, id) => {
    expect(matchRequest(table, req({ host }))?.rule.id).toBe(id);
  });

  it("strips ports and lower-cases", () => {
    expect(hostWithoutPort("A.B:80")).toBe("a.b");
    expect(hostWithoutPort("[::1]:80")).toBe("[::1]");
    expect(hostWithoutPort("a.b.")).toBe("a.b");
  });

  it("routes a Kubernetes service FQDN by its short host, as Istio does within a namespace", () => {
    const t = buildRouteTable(
      config(
        [
          vhost("reviews", ["reviews"], [to("reviews#0")]),
          vhost("full", ["ratings.prod.svc.cluster.local"], [to("full#0")]),
        ],
        clusters,
      ),
    );
    expect(matchRequest(t, req({ host: "reviews" }))?.rule.id).toBe("reviews#0");
    expect(matchRequest(t, req({ host: "reviews:9080" }))?.rule.id).toBe("reviews#0");
    expect(matchRequest(t, req({ host: "reviews.default.svc.cluster.local:9080" }))?.rule.id).toBe("reviews#0");
    expect(matchRequest(t, req({ host: "Reviews.bookinfo.svc" }))?.rule.id).toBe("reviews#0");
    expect(matchRequest(t, req({ host: "ratings.prod.svc.cluster.local" }))?.rule.id).toBe("full#0");
    // Not a service FQDN: no short-name fallback.
    expect(matchRequest(t, req({ host: "reviews.example.com" }))).toBeNull();
    expect(matchRequest(t, req({ host: "reviews.a.b.svc.cluster.local" }))).toBeNull();
    expect(matchRequest(t, req({ host: "svc.cluster.local" }))).toBeNull();
  });

  it("returns null without a matching host and without *", () => {
    const t = buildRouteTable(config([vhost("a", ["a.test"], [to("a#0")])], clusters));
    expect(matchRequest(t, req({ host: "b.test" }))).toBeNull();
  });
});

describe("rule matching", () => {
  const rules = [
    to("exact", { matches: [m({ uri: { type: "exact", value: "/exact" } })] }),
    to("regex", { matches: [m({ uri: { type: "regex", value: "/items/[0-9]+" } })] }),
    to("post", { matches: [m({ uri: { type: "prefix", value: "/api" }, methods: ["POST"] })] }),
    to("canary", { matches: [m({ headers: [{ name: "X-Canary", type: "exact", value: "yes" }] })] }),
    to("beta", { matches: [m({ headers: [{ name: "x-user", type: "prefix", value: "beta-" }] })] }),
    to("nodebug", {
      matches: [
        m({ uri: { type: "prefix", value: "/dbg" }, headers: [{ name: "x-debug", type: "absent", value: "" }] }),
      ],
    }),
    to("debug", { matches: [m({ headers: [{ name: "x-debug", type: "present", value: "" }] })] }),
    to("query", { matches: [m({ queryParams: [{ name: "v", type: "regex", value: "v[12]" }] })] }),
    to("authority", { matches: [m({ authority: { type: "prefix", value: "a.test:9" } })] }),
    to("either", {
      matches: [m({ uri: { type: "prefix", value: "/one" } }), m({ uri: { type: "prefix", value: "/two" } })],
    }),
    to("default"),
  ];
  const table = buildRouteTable(config([vhost("a", ["a.test"], rules)], clusters));
  const id = (r: Partial<RequestInfo>) => matchRequest(table, req(r))?.rule.id;

  it("matches uri exact, prefix and anchored regex", () => {
    expect(id({ path: "/exact" })).toBe("exact");
    expect(id({ path: "/exact/more" })).toBe("default");
    expect(id({ path: "/items/42" })).toBe("regex");
    expect(id({ path: "/items/42/x" })).toBe("default");
  });

  it("matches methods together with the uri (AND)", () => {
    expect(id({ path: "/api/x", method: "POST" })).toBe("post");
    expect(id({ path: "/api/x", method: "GET" })).toBe("default");
  });

  it("matches headers case-insensitively by name, exact/prefix/present/absent", () => {
    expect(id({ headers: { "x-canary": "yes" } })).toBe("canary");
    expect(id({ headers: { "x-canary": "no" } })).toBe("default");
    expect(id({ headers: { "x-user": "beta-7" } })).toBe("beta");
    expect(id({ path: "/dbg" })).toBe("nodebug");
    expect(id({ path: "/dbg", headers: { "x-debug": "1" } })).toBe("debug");
  });

  it("matches query params and authority", () => {
    expect(table.usesQuery).toBe(true);
    expect(id({ query: parseQuery("a=1&v=v2") })).toBe("query");
    expect(id({ query: parseQuery("v=v3") })).toBe("default");
    expect(id({ host: "a.test:9090" })).toBe("authority");
  });

  it("ORs the matches of one rule and lets the first matching rule win", () => {
    expect(id({ path: "/two/x" })).toBe("either");
    expect(id({ path: "/exact", headers: { "x-canary": "yes" } })).toBe("exact");
  });
});

describe("listener port matching (Istio match.port)", () => {
  const rules = [
    to("alt-api", { matches: [m({ port: 8080, uri: { type: "prefix", value: "/api" } })] }),
    to("alt", { matches: [m({ port: 8080 })] }),
    to("default"),
  ];
  const table = buildRouteTable(config([vhost("a", ["a.test"], rules)], clusters));
  const id = (r: Partial<RequestInfo>) => matchRequest(table, req(r))?.rule.id;

  it("marks the table as using the port only when some match names one", () => {
    expect(table.usesPort).toBe(true);
    expect(buildRouteTable(config([vhost("a", ["a.test"], [to("default")])], clusters)).usesPort).toBe(false);
  });

  it("holds only on the named port, ANDed with the other conditions", () => {
    expect(id({ port: 8080, path: "/api/x" })).toBe("alt-api");
    expect(id({ port: 8080, path: "/web" })).toBe("alt");
    expect(id({ port: 80, path: "/api/x" })).toBe("default");
  });

  it("never holds when the port the request came in on is unknown", () => {
    expect(id({ path: "/api/x" })).toBe("default");
  });
});

describe("gateway binding", () => {
  const cfg = config(
    [vhost("gw", ["a.test"], [to("gw#0")], ["edge"]), vhost("mesh", ["a.test", "b.test"], [to("mesh#0")])],
    clusters,
  );
  it("serves gateway-bound hosts only on that gateway, and lets them win over mesh-wide ones", () => {
    expect(matchRequest(buildRouteTable(cfg, { gateway: "edge" }), req())?.rule.id).toBe("gw#0");
    expect(matchRequest(buildRouteTable(cfg, { gateway: "edge" }), req({ host: "b.test" }))?.rule.id).toBe("mesh#0");
    expect(matchRequest(buildRouteTable(cfg), req())?.rule.id).toBe("mesh#0");
    expect(matchRequest(buildRouteTable(cfg, { gateway: "other" }), req())?.rule.id).toBe("mesh#0");
  });
});

describe("parseQuery", () => {
  it("decodes, keeps the first value and ignores prototype names", () => {
    const q = parseQuery("a=1&a=2&b=x+y%21&c&=z");
    expect(q.a).toBe("1");
    expect(q.b).toBe("x y!");
    expect(q.c).toBe("");
    expect(q.constructor).toBeUndefined();
  });
});
