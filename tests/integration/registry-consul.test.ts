/**
 * The live registry through real processes: the built console on a real database with its Consul-compatible port,
 * a proxy child process, real upstreams and real HTTP. The Consul client here is written against Consul's documented
 * HTTP API only (plain fetch, no Signalbox code): register, health with ?passing, blocking queries, TTL updates.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeshConfig } from "@/lib/core/index.ts";
import { startDemoUpstreams, type DemoUpstream } from "@/scripts/demo/upstreams.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { PROXY_TOKEN, startConsole, startProxyProcess, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";
import { viaProxy } from "../helpers/traffic.ts";
import { startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

const BASE_PORT = testPort(19460);

/** A minimal Consul client: what a script or library written for Consul's HTTP API sends. */
class ConsulClient {
  constructor(
    readonly base: string,
    readonly token?: string,
  ) {}

  private headers(): Record<string, string> {
    return this.token ? { "X-Consul-Token": this.token } : {};
  }

  async put(path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const res = await fetch(`${this.base}${path}`, {
      method: "PUT",
      headers: this.headers(),
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Consul's JSON, read by field in the assertions
  async get(path: string): Promise<{ status: number; index: number; body: any; contentType: string | null }> {
    const res = await fetch(`${this.base}${path}`, { headers: this.headers() });
    const text = await res.text();
    return {
      status: res.status,
      index: Number(res.headers.get("x-consul-index")),
      body: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text,
      contentType: res.headers.get("content-type"),
    };
  }
}

let consoleProc: (RunningProcess & { url: string }) | undefined;
let proxy: RunningProcess | undefined;
let demo: DemoUpstream[] = [];
let proxyPort = 0;
let dataDir: string | undefined;
let dropDb: (() => Promise<void>) | undefined;
/** The console's PostgreSQL database (null on PGlite). */
let dbUrl: string | null = null;
let carol: ApiSession;
let consulUrl = "";
let ratingsToken = "";
let reviewsToken = "";
/** The registered instance: answers /health with `healthStatus`. */
let healthStatus = 200;
let instance: TestUpstream;

async function createToken(name: string, services: string[]): Promise<string> {
  const r = await carol.call("POST", "/api/registry/tokens", { name, services });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.secret as string;
}

/** Whether any of `n` requests to ratings.demo through the proxy was served by the registered instance. */
async function reachesInstance(n: number): Promise<boolean> {
  const before = instance.seen.filter((s) => s.url === "/").length;
  for (let i = 0; i < n; i++) await viaProxy(proxyPort, "ratings.demo");
  return instance.seen.filter((s) => s.url === "/").length > before;
}

beforeAll(async () => {
  demo = await startDemoUpstreams(BASE_PORT);
  instance = await startUpstream("registered-ratings", (req, res) => {
    if (req.url !== "/health") return;
    res.writeHead(healthStatus, { "content-type": "text/plain" }).end(healthStatus === 200 ? "fine" : "broken");
    return true;
  });
  const db = await createTestDatabaseUrl();
  dropDb = db?.drop;
  dbUrl = db?.url ?? null;
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-registry-"));
  const consulPort = await freePort();
  consulUrl = `http://127.0.0.1:${consulPort}`;
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: {
      SIGNALBOX_DEMO_BASE_PORT: String(BASE_PORT),
      SIGNALBOX_POLL_WAIT_MS: "20000",
      SIGNALBOX_CONSUL_PORT: String(consulPort),
    },
  });
  proxyPort = await freePort();
  proxy = await startProxyProcess({ consoleUrl: consoleProc.url, port: proxyPort, id: "registry-proxy" });
  carol = await ApiSession.login(consoleProc.url, "carol", "carol-admin-pw");
  ratingsToken = await createToken("ratings-instances", ["ratings"]);
  reviewsToken = await createToken("reviews-instances", ["reviews"]);
  await eventually(
    "the proxy serves ratings.demo",
    async () => (await viaProxy(proxyPort, "ratings.demo")).status === 200,
  );
}, 180_000);

afterAll(async () => {
  await proxy?.stop();
  await consoleProc?.stop();
  await instance?.close();
  await Promise.all(demo.map((u) => u.close()));
  await dropDb?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("registry through the Consul-compatible API", () => {
  const registration = () => ({
    ID: "ratings-registered-1",
    Name: "ratings",
    Address: "127.0.0.1",
    Port: instance.port,
    Tags: ["canary", "version=v1"],
    Meta: { app: "ratings" },
    Check: {
      CheckID: "ratings-registered-1-http",
      HTTP: `http://127.0.0.1:${instance.port}/health`,
      Interval: "200ms",
      Timeout: "1s",
      FailuresBeforeCritical: 2,
    },
  });

  it("registers with an HTTP check, takes traffic, leaves it when the check fails, deregisters", async () => {
    const consul = new ConsulClient(consulUrl, ratingsToken);
    const put = await consul.put("/v1/agent/service/register", registration());
    expect(put.status, put.text).toBe(200);

    // Consul's shapes: the catalog lists it with its tags, health with ?passing once its check passed.
    const catalog = await consul.get("/v1/catalog/service/ratings");
    expect(catalog.status).toBe(200);
    expect(catalog.index).toBeGreaterThan(0);
    const entry = catalog.body.find((e: { ServiceID: string }) => e.ServiceID === "ratings-registered-1");
    expect(entry).toMatchObject({ ServiceName: "ratings", ServicePort: instance.port, ServiceAddress: "127.0.0.1" });
    expect(entry.ServiceTags).toEqual(["canary", "version=v1"]);
    const services = await consul.get("/v1/catalog/services");
    expect(services.body.ratings).toEqual(["canary", "version=v1"]);
    const passing = await eventually("the check passes", async () => {
      const r = await consul.get("/v1/health/service/ratings?passing");
      return r.body.find((e: { Service: { ID: string } }) => e.Service.ID === "ratings-registered-1");
    });
    expect(passing.Checks[0]).toMatchObject({ CheckID: "ratings-registered-1-http", Status: "passing", Type: "http" });
    expect(passing.Checks[0].Output).toContain("200");

    // Selected by the ratings v1 subset's labels (app=ratings from Meta, version=v1 from a tag): traffic arrives
    // through the proxy without any config change.
    const versionsBefore = (await carol.call("GET", "/api/versions")).body;
    await eventually("the proxy sends traffic to the registered instance", () => reachesInstance(10), 15_000, 50);

    // The check fails: a blocking query on health returns when the instance changes, and shows it critical.
    let index = (await consul.get("/v1/health/service/ratings")).index;
    healthStatus = 503;
    const critical = await eventually("a blocking query reports the instance critical", async () => {
      const r = await consul.get(`/v1/health/service/ratings?index=${index}&wait=10s`);
      expect(r.index).toBeGreaterThanOrEqual(index);
      index = r.index;
      const e = r.body.find((x: { Service: { ID: string } }) => x.Service.ID === "ratings-registered-1");
      return e?.Checks[0].Status === "critical" ? e : false;
    });
    expect(critical.Checks[0].Output).toContain("503");
    expect((await consul.get("/v1/health/service/ratings?passing")).body).toEqual([]);
    // Traffic leaves it: 30 requests in a row without one reaching it, while ratings keeps answering.
    await eventually("traffic leaves the critical instance", async () => !(await reachesInstance(30)), 15_000, 50);
    expect((await viaProxy(proxyPort, "ratings.demo")).status).toBe(200);

    // The registry is not the change workflow: no config version was made, and the Registry page's API shows it.
    expect((await carol.call("GET", "/api/versions")).body).toEqual(versionsBefore);
    const listed = await carol.call("GET", "/api/registry?service=ratings");
    expect(listed.status).toBe(200);
    expect(listed.body.instances[0]).toMatchObject({
      id: "ratings-registered-1",
      health: "critical",
      source: "consul",
      tokenName: "ratings-instances",
      versions: ["v1"],
      labels: { app: "ratings", version: "v1" },
    });
    const summary = await carol.call("GET", "/api/registry/summary");
    expect(summary.body.versions.find((v: { service: string }) => v.service === "ratings").registered).toEqual({
      passing: 0,
      warning: 0,
      critical: 1,
    });
    const events = await carol.call("GET", "/api/registry/events?limit=10");
    expect(events.body.events.map((e: { kind: string }) => e.kind)).toContain("health");

    const gone = await consul.put("/v1/agent/service/deregister/ratings-registered-1");
    expect(gone.status, gone.text).toBe(200);
    expect((await consul.get("/v1/catalog/service/ratings")).body).toEqual([]);
    expect((await consul.put("/v1/agent/service/deregister/ratings-registered-1")).status).toBe(404);
    healthStatus = 200;
  });

  it("a blocking query returns when an instance registers, with a higher X-Consul-Index", async () => {
    const consul = new ConsulClient(consulUrl, ratingsToken);
    const first = await consul.get("/v1/health/service/ratings");
    const held = consul.get(`/v1/health/service/ratings?index=${first.index}&wait=30s`);
    const put = await consul.put("/v1/agent/service/register", {
      ...registration(),
      ID: "ratings-blocking",
      Check: undefined,
    });
    expect(put.status, put.text).toBe(200);
    const woken = await held;
    expect(woken.index).toBeGreaterThan(first.index);
    expect(woken.body.map((e: { Service: { ID: string } }) => e.Service.ID)).toContain("ratings-blocking");
    expect((await consul.put("/v1/agent/service/deregister/ratings-blocking")).status).toBe(200);
  });

  // Other console instances wake their blocking queries and endpoint polls on the NOTIFY a change sends once it
  // committed (coalesced: one NOTIFY of the newest index may stand for several changes).
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "another console instance hears a registration and a deregistration: a NOTIFY of the new index",
    async () => {
      const listener = new pg.Client({ connectionString: dbUrl! });
      const heard: number[] = [];
      listener.on("notification", (msg) => heard.push(Number(msg.payload)));
      await listener.connect();
      try {
        await listener.query("LISTEN signalbox_registry");
        const consul = new ConsulClient(consulUrl, ratingsToken);
        const put = await consul.put("/v1/agent/service/register", {
          ...registration(),
          ID: "ratings-notified",
          Check: undefined,
        });
        expect(put.status, put.text).toBe(200);
        const registered = (await consul.get("/v1/health/service/ratings")).index;
        await eventually(`a NOTIFY of index ${registered}`, () => heard.some((i) => i >= registered));
        expect((await consul.put("/v1/agent/service/deregister/ratings-notified")).status).toBe(200);
        const deregistered = (await consul.get("/v1/health/service/ratings")).index;
        expect(deregistered).toBeGreaterThan(registered);
        await eventually(`a NOTIFY of index ${deregistered}`, () => heard.some((i) => i >= deregistered));
      } finally {
        await listener.end();
      }
    },
  );

  it("a proxy is answered only the clusters its routes reach, not the whole registry", async () => {
    // reviews/v3 is a version of the running config that no route sends traffic to; ratings/v1 is routed.
    const reviews = new ConsulClient(consulUrl, reviewsToken);
    const ratings = new ConsulClient(consulUrl, ratingsToken);
    const v3 = {
      ID: "reviews-v3-unrouted",
      Name: "reviews",
      Address: "10.9.9.3",
      Port: 9080,
      Meta: { app: "reviews", version: "v3" },
    };
    const r1 = {
      ID: "ratings-routed",
      Name: "ratings",
      Address: "10.9.9.1",
      Port: 9080,
      Meta: { app: "ratings", version: "v1" },
    };
    expect((await reviews.put("/v1/agent/service/register", v3)).status).toBe(200);
    expect((await ratings.put("/v1/agent/service/register", r1)).status).toBe(200);
    try {
      // Registered after the reviews/v3 instance: once the answer has it, it reflects both registrations.
      const body = await eventually("the routed instance in the proxy's answer", async () => {
        const res = await fetch(`${consoleProc!.url}/api/xds/endpoints?node=scope-check&waitMs=0`, {
          headers: { authorization: `Bearer ${PROXY_TOKEN}` },
        });
        expect(res.status).toBe(200);
        const answer = (await res.json()) as { clusters: Record<string, { address: string }[]> };
        return answer.clusters["ratings/v1"]?.some((e) => e.address === "10.9.9.1") ? answer : null;
      });
      expect(body.clusters["reviews/v3"]).toBeUndefined();
      const mesh = (await carol.call("GET", "/api/mesh")).body.mesh as MeshConfig;
      const routed = new Set(
        mesh.routes.flatMap((r) =>
          r.rules.flatMap((rule) => rule.destinations.map((d) => `${d.service}/${d.version}`)),
        ),
      );
      expect(Object.keys(body.clusters).filter((c) => !routed.has(c))).toEqual([]);
    } finally {
      expect((await reviews.put("/v1/agent/service/deregister/reviews-v3-unrouted")).status).toBe(200);
      expect((await ratings.put("/v1/agent/service/deregister/ratings-routed")).status).toBe(200);
    }
  });

  it("TTL checks follow check pass, warn and fail", async () => {
    const consul = new ConsulClient(consulUrl, ratingsToken);
    const put = await consul.put("/v1/agent/service/register", {
      Name: "ratings",
      ID: "ratings-ttl",
      Port: instance.port,
      Meta: { app: "ratings", version: "v9" },
      Check: { TTL: "30s" },
    });
    expect(put.status, put.text).toBe(200);
    const status = async () =>
      (await consul.get("/v1/health/service/ratings")).body.find(
        (e: { Service: { ID: string } }) => e.Service.ID === "ratings-ttl",
      ).Checks[0];
    // Consul's defaults: the check is "service:<ID>", critical until the first update; Address defaults to the caller.
    expect(await status()).toMatchObject({ CheckID: "service:ratings-ttl", Status: "critical", Type: "ttl" });
    expect((await consul.get("/v1/catalog/service/ratings")).body[0].ServiceAddress).toBe("127.0.0.1");
    expect((await consul.put("/v1/agent/check/pass/service:ratings-ttl?note=all%20good")).status).toBe(200);
    expect(await status()).toMatchObject({ Status: "passing", Output: "all good" });
    expect((await consul.put("/v1/agent/check/warn/service:ratings-ttl")).status).toBe(200);
    expect((await status()).Status).toBe("warning");
    expect((await consul.put("/v1/agent/check/fail/service:ratings-ttl")).status).toBe(200);
    expect((await status()).Status).toBe("critical");
    expect((await consul.put("/v1/agent/check/pass/no-such-check")).status).toBe(404);
    expect((await consul.put("/v1/agent/service/deregister/ratings-ttl")).status).toBe(200);
  });
});

describe("bad input and credentials", () => {
  const ids = async () =>
    (
      (await new ConsulClient(consulUrl, ratingsToken).get("/v1/catalog/service/ratings")).body as {
        ServiceID: string;
      }[]
    ).map((e) => e.ServiceID);

  it.each([
    ["malformed JSON", "{ not json", /Request decode failed/],
    ["no name", { ID: "x", Port: 80 }, /Missing service name/],
    ["a port of the wrong type", { Name: "ratings", Port: "eighty" }, /Port/],
    ["a port out of range", { Name: "ratings", Port: 70000 }, /Port/],
    ["an HTTP check without interval", { Name: "ratings", Port: 80, Check: { HTTP: "http://127.0.0.1/" } }, /Interval/],
    [
      "a check of two kinds",
      { Name: "ratings", Port: 80, Check: { TTL: "10s", TCP: "127.0.0.1:80", Interval: "1s" } },
      /only one/,
    ],
    ["a script check", { Name: "ratings", Port: 80, Check: { Args: ["/bin/true"], Interval: "1s" } }, /not supported/],
    ["a bad duration", { Name: "ratings", Port: 80, Check: { TTL: "soon" } }, /TTL/],
  ] as const)("%s: 400 in plain text, nothing stored", async (_what, body, message) => {
    const before = await ids();
    const r = await new ConsulClient(consulUrl, ratingsToken).put("/v1/agent/service/register", body);
    expect(r.status, r.text).toBe(400);
    expect(r.text).toMatch(message);
    expect(await ids()).toEqual(before);
  });

  it("a token for another service gets 403, no token gets 403, and nothing is stored", async () => {
    const before = await ids();
    const body = { Name: "ratings", ID: "ratings-intruder", Port: 80, Address: "127.0.0.1" };
    const other = await new ConsulClient(consulUrl, reviewsToken).put("/v1/agent/service/register", body);
    expect(other.status, other.text).toBe(403);
    expect(other.text).toMatch(/Permission denied.*service:write.*ratings/);
    expect((await new ConsulClient(consulUrl).put("/v1/agent/service/register", body)).status).toBe(403);
    expect((await new ConsulClient(consulUrl, "not-a-token").get("/v1/catalog/services")).status).toBe(403);
    expect(await ids()).toEqual(before);

    // A ratings instance cannot be deregistered or marked with a reviews token.
    const own = new ConsulClient(consulUrl, ratingsToken);
    expect((await own.put("/v1/agent/service/register", { ...body, Check: { TTL: "1m" } })).status).toBe(200);
    const reviews = new ConsulClient(consulUrl, reviewsToken);
    expect((await reviews.put("/v1/agent/service/deregister/ratings-intruder")).status).toBe(403);
    expect((await reviews.put("/v1/agent/check/pass/service:ratings-intruder")).status).toBe(403);
    expect(await ids()).toContain("ratings-intruder");
    expect((await own.put("/v1/agent/service/deregister/ratings-intruder")).status).toBe(200);
  });

  it("an admin's API token acts as the management token; a revoked registration token is refused", async () => {
    const created = await carol.call("POST", "/api/tokens", { name: "consul-management" });
    expect(created.status).toBe(201);
    const admin = new ConsulClient(consulUrl, created.body.secret);
    const put = await admin.put("/v1/agent/service/register", { Name: "details", ID: "details-mgmt", Port: 80 });
    expect(put.status, put.text).toBe(200);
    expect((await admin.put("/v1/agent/service/deregister/details-mgmt")).status).toBe(200);

    const tokens = await carol.call("GET", "/api/registry/tokens");
    const reviewsRow = tokens.body.tokens.find((t: { name: string }) => t.name === "reviews-instances");
    expect((await carol.call("DELETE", `/api/registry/tokens/${reviewsRow.id}`)).status).toBe(200);
    const revoked = await new ConsulClient(consulUrl, reviewsToken).get("/v1/catalog/services");
    expect(revoked.status).toBe(403);
    expect(revoked.body).toBe("ACL not found");
  });
});
