import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedRequestSchema, type SimulatedRequestInput, type Simulation } from "../../lib/core/api/simulate.ts";
import { compileMesh } from "../../lib/core/compile/index.ts";
import { contentHash, MeshConfigSchema, type MeshConfigInput, type SnapshotConfig } from "../../lib/core/index.ts";
import { simulate } from "../../lib/core/simulate/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { loadRouteCheckFixtures } from "../helpers/route-check-fixtures.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

/**
 * The request simulator and the real proxy agree: each golden route-check case (and a set of gateway, fault, CORS
 * and path cases) is simulated, then sent as real HTTP through a proxy running the same snapshot with the case's
 * random number; the status, the cluster that answered, the rule the proxy counted the request under, the path and
 * Host the upstream received, the redirect Location and the direct-response body must be what the simulator said.
 */

let upstream: TestUpstream;
const proxies: Record<"mesh" | "edge", Proxy | null> = { mesh: null, edge: null };
let random = 0;
let version = 0;

/** Every endpoint of `config` pointed at the one echo upstream: the proxy's x-signalbox-upstream names the cluster. */
function served(config: SnapshotConfig): SnapshotConfig {
  const clusters = config.clusters.map((c) => ({
    ...c,
    endpoints: [{ address: "127.0.0.1", port: upstream.port, weight: 1 }],
  }));
  return { ...config, clusters };
}

function applyEverywhere(config: SnapshotConfig): void {
  const c = served(config);
  const snap = { version: ++version, hash: contentHash(c), config: c };
  for (const p of Object.values(proxies)) expect(p!.applySnapshot(snap)).toMatchObject({ ok: true });
}

/** The rule the proxy counted the exchange under (its metric series' route label: the rule id, "-" for no route). */
async function countedUnder(proxy: Proxy): Promise<string> {
  const series = await eventually("the exchange in the proxy's metrics", () => {
    const s = proxy.metricsDelta().series.filter((x) => x.requests > 0);
    return s.length > 0 ? s : null;
  });
  expect(series).toHaveLength(1);
  return series[0]!.route;
}

async function check(config: SnapshotConfig, input: SimulatedRequestInput): Promise<Simulation> {
  // The proxy draws its random number per request; the simulator is told the same one.
  const request = SimulatedRequestSchema.parse({ random: 0, ...input });
  const sim = simulate(config, request);
  const proxy = proxies[request.gateway === undefined ? "mesh" : "edge"]!;
  random = request.random!;
  proxy.metricsDelta();
  const seenBefore = upstream.seen.length;
  const qs = new URLSearchParams(request.query).toString();
  const path = qs === "" ? request.path : `${request.path}${request.path.includes("?") ? "&" : "?"}${qs}`;
  const res = await get(proxy.port, path, { ...request.headers, host: request.host }, request.method);
  const v = sim.verdict;
  const what = `${request.method} ${request.host}${path}: simulated ${v.summary}`;
  if (v.kind === "forward") {
    expect(res.headers["x-signalbox-upstream"], what).toBe(v.picked);
    const seen = upstream.seen[seenBefore]!;
    expect(upstream.seen.length, what).toBe(seenBefore + 1);
    expect({ url: seen.url, host: seen.headers.host }, what).toEqual({
      url: v.upstreamPath,
      host: v.upstreamAuthority,
    });
  } else {
    expect(res.status, what).toBe(v.status);
    expect(upstream.seen.length, what).toBe(seenBefore);
    if (v.kind === "redirect") expect(res.headers.location, what).toBe(v.location);
    if (v.kind === "direct-response") expect(res.body, what).toBe(v.body);
    if (v.kind === "no-route") expect(res.body, what).toBe("no route\n");
    if (v.kind === "fault-abort") expect(res.headers["x-signalbox-fault"], what).toBe("abort");
  }
  // A refused target never reaches the matcher, so it is in no series.
  if (v.kind !== "rejected") expect(await countedUnder(proxy), what).toBe(sim.rule?.id ?? "-");
  return sim;
}

beforeAll(async () => {
  upstream = await startUpstream("echo");
  const options = { port: 0, random: () => random, logLevel: "silent" as const };
  proxies.mesh = createProxy({ ...options, nodeId: "sim-mesh" });
  proxies.edge = createProxy({ ...options, nodeId: "sim-edge", gateway: "edge" });
  await Promise.all(Object.values(proxies).map((p) => p!.start()));
});

afterAll(async () => {
  await Promise.all(Object.values(proxies).map((p) => p?.stop(1_000)));
  await upstream?.close();
});

describe("simulator and proxy agree on the golden route-check cases", () => {
  for (const f of loadRouteCheckFixtures()) {
    // The simulator requires a Host; the empty-Host case stays the route check's.
    const cases = f.cases.filter((c) => c.request.host !== "");
    it(`${f.file} (${cases.length} cases)`, async () => {
      applyEverywhere(f.config);
      for (const c of cases) {
        const sim = await check(f.config, { ...c.request, random: c.random });
        // The simulator read the fixture as the golden case says (the unit test pins every field).
        expect(sim.rule?.id ?? null, c.name).toBe(c.expect?.ruleId ?? null);
      }
    });
  }
});

const to = (service: string, version: string, weight = 100) => ({ service, version, weight });
const MESH: MeshConfigInput = {
  services: [
    {
      name: "web",
      host: "web.internal",
      versions: ["v1", "v2"].map((name) => ({ name, endpoints: [{ address: "127.0.0.1", port: 1 }] })),
    },
  ],
  gateways: [{ name: "edge", listeners: [{ name: "http", port: 8080, hosts: ["*"] }] }],
  routes: [
    {
      name: "shop",
      hosts: ["*.example.com"],
      gateways: ["edge"],
      rules: [
        {
          matches: [{ uri: { type: "prefix", value: "/chaos" } }],
          fault: { abort: { percent: 100, httpStatus: 503 } },
          destinations: [to("web", "v2")],
        },
        {
          matches: [{ uri: { type: "prefix", value: "/cors" } }],
          cors: { allowOrigins: [{ type: "exact", value: "https://app.example.com" }], allowMethods: ["GET"] },
          destinations: [to("web", "v1")],
        },
        {
          matches: [
            {
              uri: { type: "prefix", value: "/api" },
              methods: ["POST"],
              headers: [{ name: "x-debug", type: "absent" }],
            },
          ],
          rewrite: { uriPrefix: "/internal" },
          destinations: [to("web", "v1", 30), to("web", "v2", 70)],
        },
      ],
    },
    { name: "shop-mesh", hosts: ["shop.example.com"], rules: [{ destinations: [to("web", "v2")] }] },
    {
      // Gateway API semantics: segment prefixes, the shared rewrite and redirect arithmetic.
      name: "gw-api",
      semantics: "gateway-api",
      hosts: ["gw.example.com"],
      gateways: ["edge"],
      rules: [
        {
          matches: [{ uri: { type: "pathPrefix", value: "/strip" } }],
          rewrite: { uriPrefix: "/" },
          destinations: [to("web", "v1")],
        },
        {
          matches: [{ uri: { type: "pathPrefix", value: "/moved" } }],
          redirect: { uriPrefix: "/new", port: 8443, scheme: "https", responseCode: 302 },
          destinations: [],
        },
      ],
    },
  ],
};

describe("simulator and proxy agree on gateways, faults, CORS and path handling", () => {
  const config = compileMesh(MeshConfigSchema.parse(MESH));
  const cases: SimulatedRequestInput[] = [
    { host: "www.example.com", path: "/chaos" },
    { host: "shop.example.com", path: "/chaos" },
    { host: "www.example.com", path: "/chaos", gateway: "edge" },
    { host: "shop.example.com", path: "/anything", gateway: "edge" },
    {
      host: "www.example.com",
      path: "/cors",
      gateway: "edge",
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "GET" },
    },
    {
      host: "www.example.com",
      path: "/cors",
      gateway: "edge",
      method: "OPTIONS",
      headers: { origin: "https://evil.test", "access-control-request-method": "GET" },
    },
    { host: "www.example.com", path: "/api/x?y=1", gateway: "edge", method: "POST", random: 0.2 },
    { host: "www.example.com", path: "/api/x", gateway: "edge", method: "POST", random: 0.5 },
    { host: "www.example.com", path: "//api/./a/../b", gateway: "edge", method: "POST", random: 0.9 },
    { host: "www.example.com", path: "/api/x", gateway: "edge", method: "POST", headers: { "x-debug": "1" } },
    { host: "www.example.com", path: "/api/x", gateway: "edge", method: "GET" },
    { host: "www.example.com", path: "/a%00b", gateway: "edge" },
    { host: "www.example.com", path: "/%61pi/q", gateway: "edge", method: "POST", random: 0.1 },
    { host: "gw.example.com", path: "/strip/three", gateway: "edge" },
    { host: "gw.example.com", path: "/strip", gateway: "edge" },
    { host: "gw.example.com", path: "/stripped", gateway: "edge" },
    { host: "gw.example.com", path: "/moved/a?b=1", gateway: "edge" },
  ];
  it.each(cases.map((c) => [`${c.method ?? "GET"} ${c.host}${c.path} via ${c.gateway ?? "mesh"}`, c] as const))(
    "%s",
    async (_name, c) => {
      if (version === 0 || proxies.edge!.currentHash() !== contentHash(served(config))) applyEverywhere(config);
      await check(config, c);
    },
  );
});
