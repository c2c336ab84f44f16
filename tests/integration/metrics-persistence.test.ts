/**
 * Issue 12 item 5, as a console operator meets it: the built console, metrics batches POSTed as proxies send them,
 * the stored ranges read back over GET /api/metrics. What a console received survives its restart, and two consoles
 * on one PostgreSQL
 * database answer the same series, with latency quantiles from the merged histograms. /metrics parses as
 * Prometheus text format 0.0.4 and counts what this console received.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { histogramQuantile, LATENCY_BUCKETS_MS } from "../../lib/core/index.ts";
import { freePort } from "../helpers/ports.ts";
import { eventually } from "../helpers/eventually.ts";
import { PROXY_TOKEN, startConsole } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";
import { asUser, login, send, type TestConsole } from "../security/helpers.ts";

const BUCKETS = LATENCY_BUCKETS_MS.length + 1;
const SLOW = LATENCY_BUCKETS_MS.indexOf(1000);

type Running = Awaited<ReturnType<typeof startConsole>>;
let db: { url: string; drop(): Promise<void> } | null;
let dataDir: string | null = null;
let rule: string;
let route: string;
let cluster: string;

/** A console on the shared database, writing its rollups every 200 ms. */
async function start(): Promise<Running> {
  return startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir: dataDir ? path.join(dataDir, "pglite") : undefined,
    env: { SIGNALBOX_METRICS_FLUSH_MS: "200" },
  });
}

const asTest = (c: Running): TestConsole => ({
  ...c,
  origin: new URL(c.url).origin,
  databaseUrl: db?.url ?? null,
  dataDir,
  close: async () => void (await c.stop()),
});

async function reader(c: Running) {
  const t = asTest(c);
  return asUser(t, (await login(t, "bob", "bob-approver-pw")).cookie);
}

/** One proxy's batch: `fast` requests in the first latency bucket, `slow` (5xx) ones in the ≤ 1000 ms bucket. */
function report(c: Running, node: string, fast: number, slow: number) {
  const latencyCounts = new Array<number>(BUCKETS).fill(0);
  latencyCounts[0] = fast;
  latencyCounts[SLOW] = slow;
  return send(`${c.url}/api/xds/metrics`, {
    method: "POST",
    headers: { authorization: `Bearer ${PROXY_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      node,
      at: Date.now(),
      intervalMs: 1000,
      series: [
        {
          route: rule,
          cluster,
          requests: fast + slow,
          status: { "2xx": fast, "3xx": 0, "4xx": 0, "5xx": slow },
          latencyCounts,
          latencySumMs: fast * 0.5 + slow * 900,
        },
      ],
    }),
  });
}

interface Point {
  t: number;
  key: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  errorRate: number;
}

/** Total requests per key over a stored range. */
async function totals(call: Awaited<ReturnType<typeof reader>>, range: string, groupBy: string) {
  const res = await call("GET", `/api/metrics?range=${range}&groupBy=${groupBy}`);
  expect(res.status, res.text).toBe(200);
  const sums: Record<string, number> = {};
  for (const p of res.json.points as Point[]) sums[p.key] = (sums[p.key] ?? 0) + p.requests;
  return { sums, body: res.json as { points: Point[]; keys: string[]; stepSeconds: number; range: string } };
}

beforeAll(async () => {
  db = await createTestDatabaseUrl();
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-metrics-"));
  // The demo mesh's first rule and cluster, as a proxy learns them from its snapshot.
  const c = await start();
  try {
    const polled = await send(`${c.url}/api/xds/snapshot?waitMs=0&node=metrics-probe`, {
      headers: { authorization: `Bearer ${PROXY_TOKEN}` },
    });
    expect(polled.status, polled.text).toBe(200);
    const vh = polled.json.config.virtualHosts.find((v: { rules: unknown[] }) => v.rules.length > 0);
    rule = vh.rules[0].id;
    route = rule.split("#")[0]!;
    cluster = polled.json.config.clusters[0].name;
  } finally {
    await c.stop();
  }
}, 240_000);

afterAll(async () => {
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("stored metrics", () => {
  it("survive a console restart", async () => {
    const first = await start();
    try {
      for (const [fast, slow] of [
        [40, 2],
        [30, 0],
        [20, 8],
      ] as const)
        expect((await report(first, "edge-a", fast, slow)).status).toBe(200);
      const bob = await reader(first);
      // Live, from memory, as soon as the second the last batch landed in is complete (live leaves out the second
      // still filling up, and the three batches may straddle a second).
      const liveTotal = async () => {
        const live = await bob("GET", `/api/metrics?window=60&groupBy=route`);
        return (live.json.points as Point[]).reduce((a, p) => a + p.requests, 0);
      };
      await eventually("live total 100", async () => (await liveTotal()) === 100, 5_000);
      expect(await liveTotal()).toBe(100);
      await eventually("rollups written", async () => (await totals(bob, "1h", "route")).sums[route] === 100);
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      const bob = await reader(second);
      for (const range of ["1h", "24h", "7d"]) {
        const route1 = await totals(bob, range, "route");
        expect(route1.sums, range).toEqual({ [route]: 100 });
        expect(route1.body.range).toBe(range);
        expect((await totals(bob, range, "version")).sums).toEqual({ [cluster]: 100 });
        expect((await totals(bob, range, "rule")).sums).toEqual({ [rule]: 100 });
        expect((await totals(bob, range, "proxy")).sums).toEqual({ "edge-a": 100 });
        expect((await totals(bob, range, "edge")).sums).toEqual({ [`${route}>${cluster}`]: 100 });
      }
      const { body } = await totals(bob, "1h", "route");
      expect(body.stepSeconds).toBe(10);
      // One 10 s step (or two if the batches straddled a boundary); 10 errors in 100 overall.
      const errors = body.points.reduce((a, p) => a + p.errorRate * p.requests, 0);
      expect(Math.round(errors)).toBe(10);
    } finally {
      await second.stop();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "are the same series on two consoles sharing PostgreSQL, quantiles from the merged histograms",
    async () => {
      const [a, b] = await Promise.all([start(), start()]);
      try {
        // Behind a load balancer: each console receives part of the batches. 90 fast on one, 10 slow on the other.
        expect((await report(a, "edge-a", 90, 0)).status).toBe(200);
        expect((await report(b, "edge-b", 0, 10)).status).toBe(200);
        const [readA, readB] = [await reader(a), await reader(b)];
        // 100 from the restart test, plus these 100.
        for (const call of [readA, readB])
          await eventually("both consoles' rollups written", async () => {
            const { sums } = await totals(call, "1h", "route");
            return sums[route] === 200;
          });
        for (const range of ["1h", "24h", "7d"]) {
          const fromA = await totals(readA, range, "route");
          const fromB = await totals(readB, range, "route");
          expect(fromA.body.points, range).toEqual(fromB.body.points);
          expect(fromA.body.keys).toEqual(fromB.body.keys);
        }
        expect((await totals(readA, "1h", "proxy")).sums).toEqual({ "edge-a": 190, "edge-b": 10 });
        expect((await totals(readB, "1h", "proxy")).sums).toEqual({ "edge-a": 190, "edge-b": 10 });
        // The last step holds both consoles' shares; its p99 is the merged histogram's, far above the fast share's.
        const { body } = await totals(readB, "7d", "route");
        const all = new Array<number>(BUCKETS).fill(0);
        all[0] = 40 + 30 + 20 + 90;
        all[SLOW] = 2 + 8 + 10;
        const merged = body.points.filter((p) => p.key === route);
        if (merged.length === 1) {
          expect(merged[0]!.p99).toBeCloseTo(histogramQuantile(all, 0.99), 2);
          expect(merged[0]!.p50).toBeCloseTo(histogramQuantile(all, 0.5), 2);
        }
        expect(Math.max(...merged.map((p) => p.p99))).toBeGreaterThan(500);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    },
  );

  it("keep a sidecar's service-to-service edges (caller identity, mTLS state) apart from routes and versions", async () => {
    const c = await start();
    try {
      const caller = "spiffe://cluster.local/ns/default/sa/reviews";
      const before = await reader(c);
      const routeBefore = (await totals(before, "1h", "route")).sums[route] ?? 0;
      const edge = (mtls: string, requests: number) => ({
        route: "-",
        cluster,
        source: caller,
        mtls,
        requests,
        status: { "2xx": requests, "3xx": 0, "4xx": 0, "5xx": 0 },
        latencyCounts: [requests, ...new Array<number>(BUCKETS - 1).fill(0)],
        latencySumMs: requests * 0.5,
      });
      const sidecarBatch = (series: unknown[]) =>
        send(`${c.url}/api/xds/metrics`, {
          method: "POST",
          headers: { authorization: `Bearer ${PROXY_TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify({ node: "sidecar-a", at: Date.now(), intervalMs: 1000, series }),
        });
      const posted = await sidecarBatch([edge("locked", 7), edge("plain", 3)]);
      expect(posted.status, posted.text).toBe(200);
      const bad = await sidecarBatch([{ ...edge("locked", 1), source: "reviews>x" }]);
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("series.0.source");
      const bob = await reader(c);
      const expected = { [`${caller}>${cluster}>locked`]: 7, [`${caller}>${cluster}>plain`]: 3 };
      await eventually("service-edge rollups written", async () => {
        const { sums } = await totals(bob, "1h", "service-edge");
        return sums[`${caller}>${cluster}>locked`] === 7;
      });
      expect((await totals(bob, "1h", "service-edge")).sums).toEqual(expected);
      await eventually("the live service-edge series", async () => {
        const live = await bob("GET", `/api/metrics?window=60&groupBy=service-edge`);
        const sums: Record<string, number> = {};
        for (const p of live.json.points as Point[]) sums[p.key] = (sums[p.key] ?? 0) + p.requests;
        return JSON.stringify(Object.entries(sums).sort()) === JSON.stringify(Object.entries(expected).sort());
      });
      // The caller's sidecar counted these requests on its route already: no second count there.
      expect((await totals(bob, "1h", "route")).sums[route] ?? 0).toBe(routeBefore);
      expect((await totals(bob, "1h", "proxy")).sums["sidecar-a"]).toBeUndefined();
    } finally {
      await c.stop();
    }
  });
});

/** Strict checks of Prometheus text format 0.0.4, line by line. */
function parseExposition(text: string) {
  const name = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  const labelValue = String.raw`"(?:[^"\\\n]|\\[\\"n])*"`;
  const labels = String.raw`\{(?:[a-zA-Z_][a-zA-Z0-9_]*=${labelValue})(?:,[a-zA-Z_][a-zA-Z0-9_]*=${labelValue})*\}`;
  const sample = new RegExp(String.raw`^(${name})(${labels})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$`);
  const help = new RegExp(String.raw`^# HELP (${name}) (?:[^\\\n]|\\[\\n])*$`);
  const type = new RegExp(String.raw`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`);
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: { name: string; labels: string; value: number }[] = [];
  expect(text.endsWith("\n")).toBe(true);
  for (const line of text.slice(0, -1).split("\n")) {
    let m = help.exec(line);
    if (m) {
      expect(helps.has(m[1]!), `second HELP for ${m[1]}`).toBe(false);
      helps.add(m[1]!);
      continue;
    }
    m = type.exec(line);
    if (m) {
      expect(types.has(m[1]!), `second TYPE for ${m[1]}`).toBe(false);
      types.set(m[1]!, m[2]!);
      continue;
    }
    m = sample.exec(line);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    const family = m![1]!.replace(/_(bucket|sum|count)$/, "");
    const base = types.has(m![1]!) ? m![1]! : family;
    expect(types.has(base), `sample before its TYPE: ${line}`).toBe(true);
    samples.push({ name: m![1]!, labels: m![2] ?? "", value: Number(m![3]) });
  }
  return { types, samples };
}

describe("/metrics", () => {
  it("serves Prometheus text to a scraper with an API token, the page to a browser, nothing to strangers", async () => {
    const c = await start();
    try {
      const t = asTest(c);
      const carol = asUser(t, (await login(t, "carol", "carol-admin-pw")).cookie);
      const created = await carol("POST", "/api/tokens", { name: "prometheus", role: "VIEWER" });
      expect(created.status, created.text).toBe(201);
      const token = created.json.secret as string;
      expect((await report(c, "edge-a", 7, 3)).status).toBe(200);
      // A sidecar's inbound: 4 requests from reviews over mTLS with ratings STRICT (locked), one of them 5xx.
      const caller = "spiffe://cluster.local/ns/default/sa/reviews";
      const latencyCounts = new Array<number>(BUCKETS).fill(0);
      latencyCounts[0] = 3;
      latencyCounts[SLOW] = 1;
      const sidecar = await send(`${c.url}/api/xds/metrics`, {
        method: "POST",
        headers: { authorization: `Bearer ${PROXY_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          node: "ratings-v1-sidecar",
          at: Date.now(),
          intervalMs: 1000,
          series: [
            {
              route: "-",
              cluster,
              source: caller,
              mtls: "locked",
              requests: 4,
              status: { "2xx": 3, "3xx": 0, "4xx": 0, "5xx": 1 },
              latencyCounts,
              latencySumMs: 3 * 0.5 + 900,
            },
          ],
        }),
      });
      expect(sidecar.status, sidecar.text).toBe(200);

      const anonymous = await send(`${c.url}/metrics`);
      expect(anonymous.status).toBe(401);
      const scraped = await send(`${c.url}/metrics`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1",
        },
      });
      expect(scraped.status, scraped.text).toBe(200);
      expect(scraped.headers["content-type"]).toContain("text/plain; version=0.0.4");
      const { types, samples } = parseExposition(scraped.text);
      expect(types.get("signalbox_mesh_request_duration_milliseconds")).toBe("histogram");
      expect(types.get("signalbox_mesh_requests_total")).toBe("counter");
      const labels = `{route="${route}",version="${cluster}"}`;
      const value = (n: string, l = labels) => samples.find((s) => s.name === n && s.labels === l)?.value;
      // This console's own counts since it started: the 10 requests just reported.
      expect(value("signalbox_mesh_requests_total")).toBe(10);
      expect(value("signalbox_mesh_request_errors_total")).toBe(3);
      expect(value("signalbox_mesh_request_duration_milliseconds_count")).toBe(10);
      const inf = `{route="${route}",version="${cluster}",le="+Inf"}`;
      expect(value("signalbox_mesh_request_duration_milliseconds_bucket", inf)).toBe(10);
      const buckets = samples.filter((s) => s.name === "signalbox_mesh_request_duration_milliseconds_bucket");
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
      expect(value("signalbox_console_db_up", "")).toBe(1);
      expect(value("signalbox_console_snapshot_version", "")).toBeGreaterThan(0);
      expect(value("signalbox_console_metric_batches_total", "")).toBe(2);
      // The service-to-service edge, apart from routes: caller, destination and mTLS state as labels.
      expect(types.get("signalbox_mesh_service_requests_total")).toBe("counter");
      expect(types.get("signalbox_mesh_service_request_duration_milliseconds")).toBe("histogram");
      const [service, version] = cluster.split("/");
      const edge = `{source="${caller}",source_service="reviews",destination_service="${service}",destination_version="${version}",mtls="locked"}`;
      expect(value("signalbox_mesh_service_requests_total", edge)).toBe(4);
      expect(value("signalbox_mesh_service_request_errors_total", edge)).toBe(1);
      expect(value("signalbox_mesh_service_request_duration_milliseconds_count", edge)).toBe(4);
      expect(
        value("signalbox_mesh_service_request_duration_milliseconds_bucket", edge.replace("}", ',le="+Inf"}')),
      ).toBe(4);
      // The sidecar's requests are no route's: the route counter still says 10.
      expect(samples.filter((s) => s.name === "signalbox_mesh_requests_total").map((s) => s.value)).toEqual([10]);

      const page = await send(`${c.url}/metrics`, {
        headers: { cookie: (await login(t, "bob", "bob-approver-pw")).cookie, accept: "text/html,*/*;q=0.8" },
      });
      expect(page.status).toBe(200);
      expect(page.headers["content-type"]).toContain("text/html");
    } finally {
      await c.stop();
    }
  });
});
