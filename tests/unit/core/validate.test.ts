import { describe, expect, it } from "vitest";
import { bookinfoMesh } from "@/lib/core/demo/bookinfo.ts";
import type { MeshConfig, RouteRule } from "@/lib/core/model/index.ts";
import { ISSUE_CODES, MESH_RULES, parseMesh, validateMesh, type MeshRule } from "@/lib/core/validate/index.ts";

/** A valid base mesh (Bookinfo: routes productpage, details, ratings, reviews = routes[3]). */
const base = (): MeshConfig => structuredClone(bookinfoMesh());
const reviewsRule = (m: MeshConfig): RouteRule => m.routes[3]!.rules[0]!;
const issuesOf = (m: MeshConfig, code: string) =>
  validateMesh(m)
    .filter((i) => i.code === code)
    .map((i) => ({ path: i.path, severity: i.severity }));

interface Case {
  code: string;
  severity?: "error" | "warning";
  breakIt: (m: MeshConfig) => void;
  paths: (string | number)[][];
}

const rule = (over: Partial<RouteRule>): RouteRule => ({ name: "", matches: [], destinations: [], ...over });

const CASES: Record<string, Case> = {
  "weights must sum to 100": {
    code: "SB101",
    breakIt: (m) => void (reviewsRule(m).destinations[0]!.weight = 70),
    paths: [["routes", 3, "rules", 0, "destinations"]],
  },
  "a rule needs an action": {
    code: "SB102",
    breakIt: (m) => void (reviewsRule(m).destinations = []),
    paths: [["routes", 3, "rules", 0, "destinations"]],
  },
  "destinations and a direct response conflict": {
    code: "SB103",
    breakIt: (m) => void (reviewsRule(m).directResponse = { status: 200, body: "" }),
    paths: [["routes", 3, "rules", 0, "destinations"]],
  },
  "redirect and direct response conflict": {
    code: "SB103",
    breakIt: (m) =>
      void (m.routes[0]!.rules[0] = rule({
        redirect: { responseCode: 301, uri: "/x" },
        directResponse: { status: 200, body: "" },
      })),
    paths: [["routes", 0, "rules", 0, "directResponse"]],
  },
  "rewrite with redirect": {
    code: "SB104",
    breakIt: (m) =>
      void (m.routes[0]!.rules[0] = rule({ redirect: { responseCode: 301, uri: "/x" }, rewrite: { uriPrefix: "/y" } })),
    paths: [["routes", 0, "rules", 0, "rewrite"]],
  },
  "regexes compile": {
    code: "SB105",
    breakIt: (m) =>
      void (reviewsRule(m).matches = [
        {
          uri: { type: "regex", value: "(" },
          methods: [],
          headers: [{ name: "x", type: "regex", value: "[" }],
          queryParams: [{ name: "q", type: "regex", value: "*" }],
        },
      ]),
    paths: [
      ["routes", 3, "rules", 0, "matches", 0, "uri", "value"],
      ["routes", 3, "rules", 0, "matches", 0, "headers", 0, "value"],
      ["routes", 3, "rules", 0, "matches", 0, "queryParams", 0, "value"],
    ],
  },
  "regexes are RE2 (no backtracking features)": {
    code: "SB108",
    breakIt: (m) =>
      void (reviewsRule(m).matches = [
        {
          uri: { type: "regex", value: "/(?!admin).*" },
          methods: [],
          headers: [{ name: "x", type: "regex", value: "(a)\\1" }],
          queryParams: [],
        },
      ]),
    paths: [
      ["routes", 3, "rules", 0, "matches", 0, "uri", "value"],
      ["routes", 3, "rules", 0, "matches", 0, "headers", 0, "value"],
    ],
  },
  "a catch-all rule before others is a warning": {
    code: "SB106",
    severity: "warning",
    breakIt: (m) =>
      void m.routes[0]!.rules.push(rule({ destinations: [{ service: "productpage", version: "v1", weight: 100 }] })),
    paths: [["routes", 0, "rules", 0, "matches"]],
  },
  "weight > 0 to a version without endpoints is a warning": {
    code: "SB107",
    severity: "warning",
    breakIt: (m) => void (m.services[3]!.versions[1]!.endpoints = []),
    paths: [["routes", 3, "rules", 0, "destinations", 1, "version"]],
  },
  "service names are unique": {
    code: "SB201",
    breakIt: (m) => void m.services.push({ ...m.services[0]!, host: "other.local" }),
    paths: [["services", 4, "name"]],
  },
  "version names are unique in a service": {
    code: "SB202",
    breakIt: (m) => void (m.services[3]!.versions[2]!.name = "v1"),
    paths: [["services", 3, "versions", 2, "name"]],
  },
  "endpoints are unique in a version": {
    code: "SB203",
    breakIt: (m) =>
      void m.services[0]!.versions[0]!.endpoints.push({ ...m.services[0]!.versions[0]!.endpoints[0]!, weight: 2 }),
    paths: [["services", 0, "versions", 0, "endpoints", 1]],
  },
  "gateway names are unique": {
    code: "SB204",
    breakIt: (m) => void m.gateways.push(structuredClone(m.gateways[0]!)),
    paths: [["gateways", 1, "name"]],
  },
  "listener names are unique in a gateway": {
    code: "SB205",
    breakIt: (m) => void m.gateways[0]!.listeners.push({ name: "http", port: 9090, protocol: "HTTP", hosts: ["*"] }),
    paths: [["gateways", 0, "listeners", 1, "name"]],
  },
  "listener ports are unique in a gateway": {
    code: "SB206",
    breakIt: (m) => void m.gateways[0]!.listeners.push({ name: "alt", port: 8080, protocol: "HTTP", hosts: ["*"] }),
    paths: [["gateways", 0, "listeners", 1, "port"]],
  },
  "route names are unique": {
    code: "SB207",
    breakIt: (m) => void m.routes.push({ ...structuredClone(m.routes[0]!), hosts: ["other.demo"] }),
    paths: [["routes", 4, "name"]],
  },
  "service hosts are unique": {
    code: "SB208",
    breakIt: (m) => void (m.services[1]!.host = m.services[0]!.host),
    paths: [["services", 1, "host"]],
  },
  "a host belongs to one route per binding": {
    code: "SB209",
    breakIt: (m) => void m.routes[1]!.hosts.push("productpage.demo"),
    paths: [["routes", 1, "hosts", 1]],
  },
  "destination service exists": {
    code: "SB301",
    breakIt: (m) => void (reviewsRule(m).destinations[0]!.service = "nope"),
    paths: [["routes", 3, "rules", 0, "destinations", 0, "service"]],
  },
  "destination version exists": {
    code: "SB302",
    breakIt: (m) => void (reviewsRule(m).destinations[1]!.version = "v9"),
    paths: [["routes", 3, "rules", 0, "destinations", 1, "version"]],
  },
  "mirror target exists": {
    code: "SB303",
    breakIt: (m) => void (reviewsRule(m).mirror = { service: "reviews", version: "v9", percent: 10 }),
    paths: [["routes", 3, "rules", 0, "mirror", "version"]],
  },
  "route gateways exist": {
    code: "SB304",
    breakIt: (m) => void (m.routes[2]!.gateways = ["edge", "nowhere"]),
    paths: [["routes", 2, "gateways", 1]],
  },
};

describe("validateMesh", () => {
  it("passes the Bookinfo demo with no issues at all", () => {
    expect(validateMesh(base())).toEqual([]);
  });

  for (const [title, c] of Object.entries(CASES)) {
    it(`${c.code} ${title}`, () => {
      expect(issuesOf(base(), c.code)).toEqual([]); // passing case
      const m = base();
      c.breakIt(m);
      const found = issuesOf(m, c.code);
      expect(found.map((f) => f.path)).toEqual(c.paths);
      for (const f of found) expect(f.severity).toBe(c.severity ?? "error");
    });
  }

  it("routes sharing a host merge on a gateway; Istio routes do not merge on the mesh; semantics never mix", () => {
    const m = base();
    m.gateways.push({ name: "internal", listeners: [{ name: "http", port: 80, protocol: "HTTP", hosts: ["*"] }] });
    m.routes[0]!.gateways = ["edge"];
    m.routes[1]!.gateways = ["internal"];
    m.routes[1]!.hosts.push("productpage.demo");
    expect(issuesOf(m, "SB209")).toEqual([]);
    m.routes[1]!.gateways = ["internal", "edge"];
    expect(issuesOf(m, "SB209")).toEqual([]); // two Istio routes on one gateway: merged as Istio merges them
    m.routes[1]!.hosts.push("productpage.demo");
    expect(issuesOf(m, "SB209")).toEqual([{ path: ["routes", 1, "hosts", 2], severity: "error" }]);
    m.routes[1]!.hosts.pop();
    m.routes[1]!.semantics = "gateway-api";
    expect(issuesOf(m, "SB210")).toEqual([{ path: ["routes", 1, "hosts", 1], severity: "error" }]);
    m.routes[0]!.gateways = [];
    m.routes[1]!.gateways = [];
    m.routes[1]!.semantics = "istio";
    expect(issuesOf(m, "SB209")).toEqual([{ path: ["routes", 1, "hosts", 1], severity: "error" }]);
    m.routes[0]!.semantics = "gateway-api";
    m.routes[1]!.semantics = "gateway-api";
    expect(issuesOf(m, "SB209")).toEqual([]); // Gateway API routes merge on the mesh too (GAMMA)
  });

  it("a weight-0 destination on an empty version is not a warning", () => {
    const m = base();
    m.services[3]!.versions[2]!.endpoints = [];
    reviewsRule(m).destinations.push({ service: "reviews", version: "v3", weight: 0 });
    expect(validateMesh(m)).toEqual([]);
  });

  it("never throws: a crashing rule becomes SB900", () => {
    const boom: MeshRule = {
      id: "boom",
      check: () => {
        throw new Error("bad");
      },
    };
    expect(validateMesh(base(), [boom])).toEqual([
      { code: "SB900", severity: "error", path: [], message: "rule boom failed: bad" },
    ]);
  });

  it("every registered rule has a unique id and every code is unique", () => {
    expect(new Set(MESH_RULES.map((r) => r.id)).size).toBe(MESH_RULES.length);
    const codes = Object.values(ISSUE_CODES).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("parseMesh", () => {
  it("accepts a valid mesh and applies defaults", () => {
    const r = parseMesh({ services: [{ name: "a", host: "a.local" }] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.mesh.services[0]!.versions).toEqual([]);
  });

  it("turns zod errors into SB001 issues with the field path", () => {
    const r = parseMesh({
      services: [{ name: "Bad_Name", host: "a.local" }],
      routes: [
        { name: "r", hosts: ["a.local"], rules: [{ destinations: [{ service: "a", version: "v1", weight: 101 }] }] },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ["SB001", ["services", 0, "name"]],
      ["SB001", ["routes", 0, "rules", 0, "destinations", 0, "weight"]],
    ]);
    expect(r.issues[1]!.message).toBe("must be 0..100");
  });

  it("reports a non-object input at the root", () => {
    const r = parseMesh("nope");
    expect(!r.ok && r.issues[0]!.path).toEqual([]);
  });
});
