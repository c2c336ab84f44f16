import { describe, expect, it } from "vitest";
import { ruleSummary } from "@/components/graph/rule-summary.ts";
import { RouteRuleSchema } from "@/lib/core/index.ts";
import { MESH_CORPUS } from "../../fixtures/meshes/index.ts";

type RuleInput = Parameters<typeof RouteRuleSchema.parse>[0];
const summary = (rule: RuleInput) => ruleSummary(RouteRuleSchema.parse(rule));
const to = [{ service: "a", version: "v1", weight: 100 }];

describe("ruleSummary", () => {
  it("a rule without matches is the default rule for all requests", () => {
    expect(summary({ destinations: to })).toBe("all requests");
    expect(summary({ name: "fallback", destinations: to })).toBe("fallback: all requests");
  });

  it("a match without conditions matches anything", () => {
    expect(summary({ matches: [{}], destinations: to })).toBe("any");
  });

  it("shows the URI by match type", () => {
    expect(summary({ matches: [{ uri: { type: "exact", value: "/login" } }] })).toBe("/login");
    expect(summary({ matches: [{ uri: { type: "prefix", value: "/api/" } }] })).toBe("/api/*");
    expect(summary({ matches: [{ uri: { type: "regex", value: "^/v[0-9]+/" } }] })).toBe("~^/v[0-9]+/");
  });

  it("shows methods, authority, headers and query parameters", () => {
    expect(summary({ matches: [{ methods: ["GET", "POST"] }] })).toBe("GET|POST");
    expect(summary({ matches: [{ authority: { type: "exact", value: "shop.example.com" } }] })).toBe(
      "authority shop.example.com",
    );
    expect(summary({ matches: [{ headers: [{ name: "end-user", type: "exact", value: "jason" }] }] })).toBe(
      "end-user=jason",
    );
    expect(
      summary({
        matches: [
          {
            headers: [
              { name: "x-debug", type: "present" },
              { name: "x-legacy", type: "absent" },
            ],
          },
        ],
      }),
    ).toBe("x-debug present x-legacy absent");
    expect(
      summary({
        matches: [
          {
            queryParams: [
              { name: "trace", type: "present" },
              { name: "v", type: "exact", value: "2" },
            ],
          },
        ],
      }),
    ).toBe("?trace ?v=2");
  });

  it("marks prefix and regex matches on authority, headers and query as it does on the uri", () => {
    expect(summary({ matches: [{ authority: { type: "prefix", value: "admin." } }] })).toBe("authority admin.*");
    expect(summary({ matches: [{ headers: [{ name: "x-tenant", type: "prefix", value: "acme" }] }] })).toBe(
      "x-tenant=acme*",
    );
    expect(summary({ matches: [{ headers: [{ name: "cookie", type: "regex", value: "user=jason" }] }] })).toBe(
      "cookie=~user=jason",
    );
    expect(summary({ matches: [{ queryParams: [{ name: "v", type: "regex", value: "^2" }] }] })).toBe("?v=~^2");
  });

  it("joins the conditions of one match in a fixed order: uri, methods, authority, headers, query", () => {
    expect(
      summary({
        name: "beta",
        matches: [
          {
            queryParams: [{ name: "beta", type: "exact", value: "1" }],
            headers: [{ name: "end-user", type: "exact", value: "jason" }],
            methods: ["GET"],
            uri: { type: "prefix", value: "/reviews" },
          },
        ],
        destinations: to,
      }),
    ).toBe("beta: /reviews* GET end-user=jason ?beta=1");
  });

  it("shows the first match and how many more there are", () => {
    expect(
      summary({ matches: [{ uri: { type: "exact", value: "/a" } }, { uri: { type: "exact", value: "/b" } }] }),
    ).toBe("/a +1");
    expect(summary({ matches: [{ headers: [{ name: "x-a", type: "present" }] }, {}, {}] })).toBe("x-a present +2");
  });

  it("names the action when the rule redirects or answers directly", () => {
    expect(summary({ matches: [{ uri: { type: "exact", value: "/old" } }], redirect: { uri: "/new" } })).toBe(
      "/old → redirect",
    );
    expect(
      summary({
        name: "teapot",
        matches: [{ uri: { type: "exact", value: "/teapot" } }],
        directResponse: { status: 418 },
      }),
    ).toBe("teapot: /teapot → 418");
    expect(summary({ directResponse: { status: 503, body: "down" } })).toBe("all requests → 503");
  });

  it("summarizes every rule of the full-features mesh", () => {
    const mesh = MESH_CORPUS["full-features"]!();
    const [shop, internal] = mesh.routes.map((r) => r.rules.map(ruleSummary));
    // Prefix/regex header and query matches print like exact ones (name=value); that output is deliberately not pinned.
    const first = shop![0]!;
    expect(first.startsWith("beta-users: /api/* GET|POST authority shop.example.com x-beta=1 ")).toBe(true);
    for (const part of [" x-debug present x-legacy absent ?beta=true ", " ?trace +1"]) expect(first).toContain(part);
    expect(first.endsWith(" ?trace +1")).toBe(true);
    expect(shop!.slice(1)).toEqual([
      "old-path: /old → redirect",
      "teapot: /teapot → 418",
      "pay: /pay*",
      "all requests",
    ]);
    expect(internal).toEqual(["/static*", "/legacy*", "all requests"]);
  });
});
