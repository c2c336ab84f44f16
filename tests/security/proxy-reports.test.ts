/**
 * Issue 9, item 8: what a proxy reports must be true of the console's versions. An ACK carries the hash of a
 * version that exists (the forged ACK of edge-1 at 2147483647 showed it synced there); a NACK names a version
 * that exists; metrics only for the routes and clusters of the snapshot the node holds, capped per node;
 * repeated identical NACKs recorded once with a count; nodes not seen for a while leave the Proxies list.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LATENCY_BUCKETS_MS } from "../../lib/core/index.ts";
import { asUser, login, sql, startTestConsole, type TestConsole } from "./helpers.ts";
import { proxyCalls } from "./proxy-calls.ts";

let c: TestConsole;
let carol: ReturnType<typeof asUser>;
let edge1: ReturnType<typeof proxyCalls>;
let version: number;
let hash: string;
let ruleId: string;
let cluster: string;

const series = (route: string, clusterName: string) => ({
  route,
  cluster: clusterName,
  requests: 1,
  status: { "2xx": 1, "3xx": 0, "4xx": 0, "5xx": 0 },
  latencyCounts: [1, ...new Array<number>(LATENCY_BUCKETS_MS.length).fill(0)],
  latencySumMs: 0.5,
});
const batch = (s: unknown[]) => ({ node: "edge-1", at: Date.now(), intervalMs: 1000, series: s });

beforeAll(async () => {
  c = await startTestConsole({ SIGNALBOX_METRICS_MAX_SERIES_PER_NODE: "3" });
  carol = asUser(c, (await login(c, "carol", "carol-admin-pw")).cookie);
  const created = await carol("POST", "/api/proxies/credentials", { nodeId: "edge-1", gateway: "edge" });
  expect(created.status, created.text).toBe(201);
  edge1 = proxyCalls(c, created.json.secret);
  const polled = await edge1.poll("node=edge-1&gateway=edge");
  expect(polled.status, polled.text).toBe(200);
  ({ version, hash } = polled.json);
  ruleId = polled.json.config.virtualHosts[0].rules[0].id;
  cluster = polled.json.config.clusters[0].name;
}, 120_000);
afterAll(() => c?.close());

describe("ACK", () => {
  it("refuses a version that does not exist (the forged ACK at 2147483647), naming the field", async () => {
    const forged = await edge1.post("ack", { node: "edge-1", version: 2147483647, hash });
    expect(forged.status, forged.text).toBe(400);
    expect(forged.json.error.issues.map((i: { path: string[] }) => i.path.join("."))).toContain("version");
    const row = (await carol("GET", "/api/proxies")).json.proxies.find((p: { id: string }) => p.id === "edge-1");
    expect(row.appliedVersion).not.toBe(2147483647);
  });

  it("refuses a hash that is not the version's, naming the field", async () => {
    const wrong = createHash("sha256").update("not the config").digest("hex");
    const ack = await edge1.post("ack", { node: "edge-1", version, hash: wrong });
    expect(ack.status, ack.text).toBe(400);
    expect(ack.json.error.issues.map((i: { path: string[] }) => i.path.join("."))).toContain("hash");
    const missing = await edge1.post("ack", { node: "edge-1", version });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("hash");
  });

  it("accepts the version's own hash: the Proxies page shows the node synced there", async () => {
    expect((await edge1.post("ack", { node: "edge-1", version, hash, gateway: "edge" })).status).toBe(200);
    const row = (await carol("GET", "/api/proxies")).json.proxies.find((p: { id: string }) => p.id === "edge-1");
    expect(row).toMatchObject({ appliedVersion: version, appliedHash: hash, state: "synced" });
  });
});

describe("NACK", () => {
  it("refuses a version that does not exist, naming the field", async () => {
    const nack = await edge1.post("nack", { node: "edge-1", version: 2147483647, runningVersion: version, error: "x" });
    expect(nack.status, nack.text).toBe(400);
    expect(nack.json.error.issues.map((i: { path: string[] }) => i.path.join("."))).toContain("version");
  });

  it("records repeated identical NACKs once, with a count", async () => {
    const body = { node: "edge-1", version, runningVersion: version, error: "listener port 80 in use" };
    for (let i = 0; i < 3; i++) expect((await edge1.post("nack", body)).status).toBe(200);
    const row = (await carol("GET", "/api/proxies")).json.proxies.find((p: { id: string }) => p.id === "edge-1");
    expect(row).toMatchObject({ lastError: body.error, lastErrorVersion: version, lastErrorCount: 3 });
    const audit = await carol("GET", "/api/audit?limit=1000");
    const rejected = audit.json.entries.filter(
      (e: { action: string; entityId: string }) => e.action === "proxy.rejected" && e.entityId === "edge-1",
    );
    expect(rejected).toHaveLength(1);
    // A different error is a new record.
    expect((await edge1.post("nack", { ...body, error: "another error" })).status).toBe(200);
    const after = await carol("GET", "/api/proxies");
    expect(after.json.proxies.find((p: { id: string }) => p.id === "edge-1").lastErrorCount).toBe(1);
  });
});

describe("metrics", () => {
  it("accepts series for the routes and clusters of the node's snapshot", async () => {
    const ok = await edge1.post("metrics", batch([series(ruleId, cluster), series("-", "-")]));
    expect(ok.status, ok.text).toBe(200);
  });

  it("refuses invented routes and clusters, naming the field", async () => {
    const route = await edge1.post("metrics", batch([series(ruleId, cluster), series("invented#0", cluster)]));
    expect(route.status, route.text).toBe(400);
    expect(route.json.error.issues.map((i: { path: string[] }) => i.path.join("."))).toContain("series.1.route");
    const clusterName = await edge1.post("metrics", batch([series(ruleId, "invented/v9")]));
    expect(clusterName.status).toBe(400);
    expect(clusterName.text).toContain("series.0.cluster");
    const m = await carol("GET", "/api/metrics?window=60&groupBy=route");
    expect(m.json.keys).not.toContain("invented");
  });

  it("caps the series one node may send (SIGNALBOX_METRICS_MAX_SERIES_PER_NODE)", async () => {
    const many = await edge1.post("metrics", batch([1, 2, 3, 4].map(() => series(ruleId, cluster))));
    expect(many.status, many.text).toBe(400);
    expect(many.text).toContain("series");
  });
});

describe("the Proxies list", () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "drops nodes not seen for SIGNALBOX_PROXY_FORGET_AFTER_MINUTES; the audit log keeps their history (needs TEST_DATABASE_URL to age a node)",
    async () => {
      await edge1.poll("node=edge-1&gateway=edge");
      expect((await carol("GET", "/api/proxies")).json.proxies.map((p: { id: string }) => p.id)).toContain("edge-1");
      await sql(c.databaseUrl!, "UPDATE proxy_nodes SET last_seen_at = now() - interval '2 days' WHERE id = 'edge-1'");
      const list = await carol("GET", "/api/proxies");
      expect(list.json.proxies.map((p: { id: string }) => p.id)).not.toContain("edge-1");
      const audit = await carol("GET", "/api/audit?limit=1000");
      const history = audit.json.entries.filter((e: { entityId: string }) => e.entityId === "edge-1");
      expect(history.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(["proxy.connected", "proxy.applied", "proxy.rejected"]),
      );
      // Seen again, it is back.
      await edge1.poll("node=edge-1&gateway=edge");
      expect((await carol("GET", "/api/proxies")).json.proxies.map((p: { id: string }) => p.id)).toContain("edge-1");
    },
  );
});
