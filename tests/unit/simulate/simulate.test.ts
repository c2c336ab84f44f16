import { describe, expect, it } from "vitest";
import { SimulatedRequestSchema, type SimulatedRequestInput } from "../../../lib/core/api/simulate.ts";
import { compileMesh } from "../../../lib/core/compile/index.ts";
import { MeshConfigSchema, type MeshConfigInput } from "../../../lib/core/index.ts";
import { simulate } from "../../../lib/core/simulate/index.ts";

/** Hand-written cases for the explanation; golden.test.ts checks the verdicts against the route-check fixtures. */

const svc = (name: string, versions: string[]) => ({
  name,
  host: `${name}.internal`,
  versions: versions.map((v, i) => ({ name: v, endpoints: [{ address: "127.0.0.1", port: 9000 + i }] })),
});
const to = (service: string, version: string, weight = 100) => ({ service, version, weight });

const MESH: MeshConfigInput = {
  services: [svc("reviews", ["v1", "v2", "v3"]), svc("web", ["v1", "v2"]), svc("admin", ["v1"])],
  gateways: [
    { name: "edge", listeners: [{ name: "http", port: 8080, hosts: ["*.example.com", "reviews.demo"] }] },
    { name: "internal", listeners: [{ name: "http", port: 9090, hosts: ["*"] }] },
  ],
  routes: [
    {
      name: "reviews",
      hosts: ["reviews.demo", "reviews"],
      rules: [
        {
          name: "jason",
          matches: [{ headers: [{ name: "end-user", type: "exact", value: "jason" }] }],
          destinations: [to("reviews", "v2")],
        },
        {
          name: "api-post",
          matches: [{ uri: { type: "prefix", value: "/api" }, methods: ["POST", "PUT"] }],
          destinations: [to("reviews", "v3")],
        },
        {
          name: "beta",
          matches: [
            { queryParams: [{ name: "beta", type: "exact", value: "1" }] },
            { uri: { type: "regex", value: "/beta/[0-9]+" } },
          ],
          destinations: [to("reviews", "v3")],
        },
        { name: "split", destinations: [to("reviews", "v1", 80), to("reviews", "v3", 20), to("reviews", "v2", 0)] },
      ],
    },
    {
      name: "shop",
      hosts: ["*.example.com"],
      gateways: ["edge"],
      rules: [
        {
          matches: [{ uri: { type: "prefix", value: "/old" } }],
          redirect: { uri: "/new", scheme: "https", responseCode: 308 },
        },
        {
          matches: [{ uri: { type: "prefix", value: "/api/v1" } }],
          rewrite: { uriPrefix: "/v1", authority: "api.internal" },
          timeoutMs: 2000,
          retries: { attempts: 3 },
          destinations: [to("web", "v1")],
        },
        { matches: [{ uri: { type: "exact", value: "/health" } }], directResponse: { status: 200, body: "ok" } },
        {
          matches: [{ uri: { type: "prefix", value: "/chaos" } }],
          fault: { abort: { percent: 100, httpStatus: 503 } },
          destinations: [to("web", "v2")],
        },
        {
          matches: [{ uri: { type: "prefix", value: "/slow" } }],
          fault: { delay: { percent: 50, fixedDelayMs: 300 }, abort: { percent: 10, httpStatus: 500 } },
          destinations: [to("web", "v2")],
        },
        {
          matches: [{ uri: { type: "prefix", value: "/cors" } }],
          cors: { allowOrigins: [{ type: "exact", value: "https://app.example.com" }], allowMethods: ["GET"] },
          destinations: [to("web", "v1")],
        },
        {
          matches: [{ uri: { type: "prefix", value: "/shop" } }],
          mirror: { service: "web", version: "v2", percent: 10 },
          destinations: [to("web", "v1")],
        },
      ],
    },
    {
      name: "shop-mesh",
      hosts: ["shop.example.com"],
      rules: [{ destinations: [to("web", "v2")] }],
    },
    {
      name: "admin",
      hosts: ["admin.example.com"],
      gateways: ["internal"],
      rules: [
        {
          matches: [
            {
              headers: [
                { name: "x-admin", type: "present" },
                { name: "x-debug", type: "absent" },
              ],
            },
          ],
          destinations: [to("admin", "v1")],
        },
      ],
    },
  ],
};

const config = compileMesh(MeshConfigSchema.parse(MESH));
const run = (r: SimulatedRequestInput) => simulate(config, SimulatedRequestSchema.parse(r));

describe("simulate: rules and why earlier ones did not match", () => {
  it("a header match takes the request first", () => {
    const s = run({ host: "reviews.demo", path: "/", headers: { "End-User": "jason" } });
    expect(s.route).toBe("reviews");
    expect(s.rule).toEqual({ index: 0, id: "reviews#jason", name: "jason" });
    expect(s.rules).toHaveLength(1);
    expect(s.rulesNotReached).toBe(3);
    expect(s.verdict).toMatchObject({ kind: "forward", status: null });
    expect(s.verdict.destinations.map((d) => [d.cluster, d.percent])).toEqual([["reviews/v2", 100]]);
  });

  it("names every failed condition of every earlier rule", () => {
    const s = run({ host: "reviews.demo", path: "/api/x", method: "GET", headers: { "end-user": "mike" } });
    expect(s.rule?.name).toBe("split");
    const [jason, apiPost, beta, split] = s.rules;
    expect(jason!.matched).toBe(false);
    expect(jason!.matches[0]!.conditions).toEqual([
      { field: "header", name: "end-user", expected: "exact jason", actual: "mike", ok: false },
    ]);
    expect(jason!.reason).toBe('header end-user: wanted exact jason, got "mike"');
    // Both conditions are evaluated, so the one that holds (uri) shows next to the one that does not (method).
    expect(apiPost!.matches[0]!.conditions).toEqual([
      { field: "method", expected: "one of POST, PUT", actual: "GET", ok: false },
      { field: "uri", expected: "prefix /api", actual: "/api/x", ok: true },
    ]);
    expect(apiPost!.reason).toBe('method: wanted one of POST, PUT, got "GET"');
    expect(beta!.matches).toHaveLength(2);
    expect(beta!.reason).toBe(
      'match 1: query beta: wanted exact 1, missing | match 2: uri: wanted regex /beta/[0-9]+, got "/api/x"',
    );
    expect(split).toMatchObject({
      matched: true,
      matches: [],
      reason: "no conditions: takes every request of its host",
    });
  });

  it("a missing header is reported as missing, and the second match of a rule can hold", () => {
    const s = run({ host: "reviews.demo", path: "/beta/42" });
    expect(s.rule?.name).toBe("beta");
    expect(s.rules[0]!.matches[0]!.conditions[0]).toMatchObject({ actual: null, ok: false });
    expect(s.rules[2]).toMatchObject({ matched: true, reason: "match 2 of 2 holds" });
  });

  it("query parameters come from the query field and from the path's own query string", () => {
    expect(run({ host: "reviews.demo", path: "/", query: { beta: "1" } }).rule?.name).toBe("beta");
    expect(run({ host: "reviews.demo", path: "/?beta=1" }).rule?.name).toBe("beta");
    expect(run({ host: "reviews.demo", path: "/?beta=2" }).rule?.name).toBe("split");
    expect(run({ host: "reviews.demo", path: "/?x=y", query: { beta: "1" } }).request.query).toBe("?x=y&beta=1");
  });

  it("methods must match as the proxy compares them", () => {
    const s = run({ host: "reviews.demo", path: "/api/books", method: "PUT" });
    expect(s.rule?.name).toBe("api-post");
    expect(s.verdict.destinations.map((d) => d.cluster)).toEqual(["reviews/v3"]);
  });

  it("reports every weighted destination (in the snapshot's order), zero weights included, and the pick for a given random number", () => {
    const s = run({ host: "reviews.demo", path: "/", random: 0.85 });
    expect(s.verdict.destinations).toEqual([
      { cluster: "reviews/v1", service: "reviews", version: "v1", weight: 80, percent: 80, endpoints: 1 },
      { cluster: "reviews/v2", service: "reviews", version: "v2", weight: 0, percent: 0, endpoints: 1 },
      { cluster: "reviews/v3", service: "reviews", version: "v3", weight: 20, percent: 20, endpoints: 1 },
    ]);
    expect(s.verdict.picked).toBe("reviews/v3");
    expect(run({ host: "reviews.demo", path: "/", random: 0.1 }).verdict.picked).toBe("reviews/v1");
    expect(run({ host: "reviews.demo", path: "/" }).verdict.picked).toBeNull();
    expect(s.verdict.summary).toBe("forward to reviews/v3");
  });
});

describe("simulate: hosts, gateways and listeners", () => {
  it("no route: 404 with the host candidates that were not served", () => {
    const s = run({ host: "shop.example.com", path: "/old" });
    // Through the mesh: the edge-bound wildcard route is not served, the mesh-wide exact route is.
    expect(s.gateway).toBeNull();
    expect(s.route).toBe("shop-mesh");
    const shop = s.hosts.find((h) => h.route === "shop")!;
    expect(shop).toMatchObject({ served: false, selected: false, matchedDomain: "*.example.com" });
    expect(shop.reason).toMatch(/bound to gateway edge; the request arrives through the mesh/);
  });

  it("a gateway-bound route on that gateway's proxy; exact wins over wildcard only within what is served", () => {
    const s = run({ host: "shop.example.com", path: "/old?a=1", gateway: "edge" });
    expect(s.route).toBe("shop-mesh");
    const shop = s.hosts.find((h) => h.route === "shop")!;
    expect(shop.served).toBe(true);
    expect(shop.reason).toMatch(/chosen first/);
    const other = run({ host: "www.example.com", path: "/old?a=1", gateway: "edge" });
    expect(other.route).toBe("shop");
    expect(other.verdict).toMatchObject({
      kind: "redirect",
      status: 308,
      location: "https://www.example.com/new?a=1",
    });
  });

  it("finds the gateway by its listener port and reports the listener", () => {
    const s = run({ host: "www.example.com:8080", path: "/health", port: 8080 });
    expect(s.gateway).toBe("edge");
    expect(s.listener).toEqual({
      gateway: "edge",
      name: "http",
      port: 8080,
      protocol: "HTTP",
      hosts: ["*.example.com", "reviews.demo"],
    });
    expect(s.verdict).toMatchObject({ kind: "direct-response", status: 200, body: "ok" });
  });

  it("notes an unknown gateway, a port nobody listens on and a host the listener does not list", () => {
    expect(run({ host: "reviews.demo", path: "/", gateway: "nope" }).notes[0]).toMatch(
      /gateway nope is not in this config/,
    );
    expect(run({ host: "reviews.demo", path: "/", port: 1234 }).notes[0]).toMatch(/no gateway listens on port 1234/);
    expect(run({ host: "reviews.demo", path: "/", gateway: "edge", port: 9090 }).notes[0]).toMatch(
      /no listener on port 9090/,
    );
    expect(run({ host: "other.test", path: "/", gateway: "edge" }).notes[0]).toMatch(/does not list host other.test/);
  });

  it("no host at all: 404 listing nothing but the count of other routes", () => {
    const s = run({ host: "nowhere.test", path: "/" });
    expect(s.verdict).toMatchObject({ kind: "no-route", status: 404 });
    expect(s.verdict.summary).toBe("no route for host nowhere.test through the mesh: 404");
    expect(s.hosts).toEqual([]);
    expect(s.otherRoutes).toBe(4);
    expect(s.route).toBeNull();
  });

  it("a host whose rules all fail: 404 naming the route, with every rule's reason", () => {
    const s = run({
      host: "admin.example.com",
      path: "/",
      gateway: "internal",
      headers: { "x-admin": "1", "x-debug": "1" },
    });
    expect(s.route).toBe("admin");
    expect(s.verdict.summary).toBe("no rule of route admin matches: 404");
    expect(s.rules[0]!.matches[0]!.conditions).toEqual([
      { field: "header", name: "x-admin", expected: "present", actual: "1", ok: true },
      { field: "header", name: "x-debug", expected: "absent", actual: "1", ok: false },
    ]);
    expect(s.rule).toBeNull();
    expect(
      run({ host: "admin.example.com", path: "/", gateway: "internal", headers: { "x-admin": "" } }).rule?.index,
    ).toBe(0);
  });

  it("Kubernetes FQDNs reach the short host's route", () => {
    const s = run({ host: "reviews.default.svc.cluster.local", path: "/" });
    expect(s.route).toBe("reviews");
    expect(s.hosts.find((h) => h.selected)?.reason).toBe("selected: reviews (kubernetes short name)");
  });
});

describe("simulate: actions", () => {
  const edge = (path: string, extra: Partial<SimulatedRequestInput> = {}) =>
    run({ host: "www.example.com", path, gateway: "edge", ...extra });

  it("rewrites: the matched prefix is replaced, the authority set, timeout and retries shown", () => {
    const v = edge("/api/v1/books?x=1").verdict;
    expect(v).toMatchObject({
      kind: "forward",
      upstreamPath: "/v1/books?x=1",
      upstreamAuthority: "api.internal",
      timeoutMs: 2000,
      retries: { attempts: 3, retryOn: ["5xx", "connect-failure", "reset"] },
    });
  });

  it("a 100% fault abort answers with its status; partial faults are noted on the forward", () => {
    expect(edge("/chaos").verdict).toMatchObject({ kind: "fault-abort", status: 503 });
    const slow = edge("/slow").verdict;
    expect(slow.kind).toBe("forward");
    expect(slow.fault).toEqual({ delay: { percent: 50, fixedDelayMs: 300 }, abort: { percent: 10, httpStatus: 500 } });
    expect(slow.summary).toBe("forward to web/v2 100% (fault injection: 50% delayed 300 ms, 10% aborted with 500)");
  });

  it("a CORS preflight is answered by the proxy, with CORS headers only for an allowed origin; other requests are forwarded", () => {
    const pre = { "access-control-request-method": "GET", origin: "https://app.example.com" };
    expect(edge("/cors", { method: "OPTIONS", headers: pre }).verdict).toMatchObject({
      kind: "cors-preflight",
      status: 204,
    });
    const foreign = { ...pre, origin: "https://evil.test" };
    expect(edge("/cors", { method: "OPTIONS", headers: foreign }).verdict).toMatchObject({
      kind: "cors-preflight",
      status: 204,
      summary: expect.stringContaining("without CORS headers") as string,
    });
    expect(edge("/cors", { method: "GET", headers: foreign }).verdict.kind).toBe("forward");
  });

  it("mirror settings are shown", () => {
    expect(edge("/shop").verdict.mirrors).toEqual([{ cluster: "web/v2", percent: 10 }]);
  });
});

describe("simulate: the proxy's path handling", () => {
  it("normalizes the path before matching, as the proxy does (merge-slashes by default)", () => {
    const s = run({ host: "reviews.demo", path: "//api/./x/../y", method: "POST" });
    expect(s.request.path).toBe("/api/y");
    expect(s.rule?.name).toBe("api-post");
  });

  it("honours the path normalization setting", () => {
    const s = run({ host: "reviews.demo", path: "//api/y", method: "POST", pathNormalization: "none" });
    expect(s.request.path).toBe("//api/y");
    expect(s.rule?.name).toBe("split");
  });

  it("refuses what the proxy refuses with 400", () => {
    const s = run({ host: "reviews.demo", path: "/a%00b" });
    expect(s.verdict).toMatchObject({
      kind: "rejected",
      status: 400,
      summary: "refused before routing: %00 in the path",
    });
    expect(s.request.path).toBeNull();
    const slash = run({ host: "reviews.demo", path: "/a%2Fb", escapedSlashes: "reject" });
    expect(slash.verdict.kind).toBe("rejected");
    expect(run({ host: "reviews.demo", path: "http://other.test/" }).verdict.summary).toMatch(/Host header disagrees/);
  });

  it("accepts an absolute-form target for the same host", () => {
    expect(run({ host: "reviews.demo", path: "http://reviews.demo/beta/7" }).rule?.name).toBe("beta");
  });
});

describe("simulate: input schema", () => {
  it.each([
    [{ host: "", path: "/" }, "host"],
    [{ host: "a b", path: "/" }, "host"],
    [{ host: "x", path: "" }, "path"],
    [{ host: "x", path: "/a b" }, "path"],
    [{ host: "x", path: "/", method: "get" }, "method"],
    [{ host: "x", path: "/", headers: { "bad name": "v" } }, "headers"],
    [{ host: "x", path: "/", headers: { Host: "y" } }, "headers"],
    [{ host: "x", path: "/", headers: { a: "v\r\nx: y" } }, "headers"],
    [{ host: "x", path: "/", gateway: "Bad_Name" }, "gateway"],
    [{ host: "x", path: "/", port: 0 }, "port"],
    [{ host: "x", path: "/", random: 1 }, "random"],
    [{ host: "x", path: "/", pathNormalization: "all" }, "pathNormalization"],
  ])("refuses %j naming %s", (input, field) => {
    const r = SimulatedRequestSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path[0]).toBe(field);
  });
});

describe("simulate: routes per listener port", () => {
  const ported = compileMesh(
    MeshConfigSchema.parse({
      services: [svc("web", ["v1", "v2"])],
      gateways: [
        {
          name: "edge",
          listeners: [
            { name: "plain", port: 80, hosts: ["*"] },
            { name: "alt", port: 8080, hosts: ["*"] },
          ],
        },
      ],
      routes: [
        {
          name: "on-80",
          semantics: "gateway-api",
          hosts: ["shop.test"],
          gateways: ["edge"],
          listenerRefs: [{ gateway: "edge", sectionName: "plain" }],
          rules: [{ destinations: [to("web", "v1")] }],
        },
        {
          name: "on-8080",
          semantics: "gateway-api",
          hosts: ["shop.test"],
          gateways: ["edge"],
          listenerRefs: [{ gateway: "edge", port: 8080 }],
          rules: [{ destinations: [to("web", "v2")] }],
        },
      ],
    }),
  );
  const on = (port: number) =>
    simulate(ported, SimulatedRequestSchema.parse({ gateway: "edge", port, host: "shop.test", path: "/" }));

  it("takes the route of the listener port the request comes in through", () => {
    expect([on(80).route, on(8080).route]).toEqual(["on-80", "on-8080"]);
    expect(on(8080).verdict.destinations.map((d) => d.cluster)).toEqual(["web/v2"]);
  });
});

describe("simulate: Istio match.port", () => {
  const ported = compileMesh(
    MeshConfigSchema.parse({
      services: [svc("web", ["v1", "v2"])],
      gateways: [
        {
          name: "edge",
          listeners: [
            { name: "plain", port: 80, hosts: ["*"] },
            { name: "alt", port: 8080, hosts: ["*"] },
          ],
        },
      ],
      routes: [
        {
          name: "shop",
          hosts: ["shop.test"],
          gateways: ["edge"],
          rules: [
            { name: "alt", matches: [{ port: 8080 }], destinations: [to("web", "v2")] },
            { name: "rest", destinations: [to("web", "v1")] },
          ],
        },
      ],
    }),
  );
  const on = (port: number) =>
    simulate(ported, SimulatedRequestSchema.parse({ gateway: "edge", port, host: "shop.test", path: "/" }));

  it("takes the rule whose port is the listener's, and explains the port condition otherwise", () => {
    expect(on(8080).rule?.name).toBe("alt");
    const missed = on(80);
    expect(missed.rule?.name).toBe("rest");
    expect(missed.rules[0]!.matches[0]!.conditions).toEqual([
      { field: "port", expected: "8080", actual: "80", ok: false },
    ]);
    expect(missed.rules[0]!.reason).toBe('port: wanted 8080, got "80"');
  });
});
