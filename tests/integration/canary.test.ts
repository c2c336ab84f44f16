/**
 * Metric-gated canaries end to end: the built console on PostgreSQL, a real proxy, real upstreams and real traffic.
 * A healthy canary walks every step and is promoted; a canary whose version starts failing at its third step is
 * rolled back at its next check, with the failing gate and figures. Every request that failed must have been answered
 * by the failing version: the config changes themselves never fail a request.
 */
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeshConfig } from "@/lib/core/index.ts";
import { startDemoUpstreams, type DemoUpstream } from "@/scripts/demo/upstreams.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { startConsole, startProxyProcess, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";
import { closeServer } from "../helpers/upstreams.ts";
import { viaProxy } from "../helpers/traffic.ts";

const BASE_PORT = testPort(19460);
const INTERVAL_S = 2;

let upstreams: DemoUpstream[] = [];
let v2: http.Server | undefined;
let v2Failing = false;
let consoleProc: (RunningProcess & { url: string }) | undefined;
let proxy: RunningProcess | undefined;
let proxyPort = 0;
let dataDir: string | undefined;
let dropDb: (() => Promise<void>) | undefined;
let alice: ApiSession;
let bob: ApiSession;

/** Steady traffic through the proxy; every answer is kept with the version that served it. */
function startTraffic(): { stop(): Promise<{ status: number; servedBy: string }[]> } {
  const seen: { status: number; servedBy: string }[] = [];
  let stopped = false;
  const loops = [0, 1].map(async () => {
    while (!stopped) {
      const r = await viaProxy(proxyPort, "reviews.demo");
      const servedBy = r.body.startsWith("{") ? String(JSON.parse(r.body).version ?? "?") : "none";
      seen.push({ status: r.status, servedBy });
      await new Promise((res) => setTimeout(res, 10));
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return seen;
    },
  };
}

async function reviewsDestinations() {
  const mesh = (await alice.call("GET", "/api/mesh")).body.mesh as MeshConfig;
  return mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations;
}

async function setReviews(destinations: { version: string; weight: number }[]): Promise<void> {
  const mesh = (await alice.call("GET", "/api/mesh")).body.mesh as MeshConfig;
  mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations = destinations.map((d) => ({
    service: "reviews",
    ...d,
  }));
  const created = await alice.call("POST", "/api/changes", { title: "reviews", description: "", proposed: mesh });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await alice.call("POST", `/api/changes/${created.body.id}/submit`)).status).toBe(200);
  const approved = await bob.call("POST", `/api/changes/${created.body.id}/approve`, { note: "" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
}

const spec = {
  route: "reviews",
  stable: "v1",
  canary: "v2",
  steps: [10, 25, 50, 100],
  intervalSeconds: INTERVAL_S,
  gates: { minSuccessRate: 99, maxP99Ms: 2000, minRequests: 3 },
  maxFailures: 0,
};

beforeAll(async () => {
  upstreams = await startDemoUpstreams(BASE_PORT);
  // reviews/v2 is replaced by a server the test can make fail.
  const demoV2 = upstreams.find((u) => u.service === "reviews" && u.version === "v2")!;
  await demoV2.close();
  v2 = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(v2Failing ? 503 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ service: "reviews", version: "v2" }));
    });
  });
  await new Promise<void>((resolve) => v2!.listen(demoV2.port, "127.0.0.1", resolve));
  const db = await createTestDatabaseUrl();
  dropDb = db?.drop;
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-canary-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: {
      SIGNALBOX_DEMO_BASE_PORT: String(BASE_PORT),
      SIGNALBOX_POLL_WAIT_MS: "20000",
      SIGNALBOX_ROLLOUT_TICK_MS: "200",
    },
  });
  proxyPort = await freePort();
  proxy = await startProxyProcess({ consoleUrl: consoleProc.url, port: proxyPort, id: "canary-proxy" });
  alice = await ApiSession.login(consoleProc.url, "alice", "alice-editor-pw");
  bob = await ApiSession.login(consoleProc.url, "bob", "bob-approver-pw");
  await eventually("proxy serving", async () => (await viaProxy(proxyPort, "reviews.demo")).status === 200, 30_000);
  await setReviews([{ version: "v1", weight: 100 }]);
  await eventually("reviews all on v1", async () => (await viaProxy(proxyPort, "reviews.demo")).body.includes('"v1"'));
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await consoleProc?.stop();
  await Promise.all(upstreams.map((u) => u.close()));
  if (v2) await closeServer(v2);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await dropDb?.();
});

describe("canary analysis", () => {
  it("needs another approver, walks every step of a healthy canary and promotes it", async () => {
    const traffic = startTraffic();
    // carol (admin) may both propose and approve, but never her own canary.
    const carol = await ApiSession.login(consoleProc!.url, "carol", "carol-admin-pw");
    const created = await carol.call("POST", "/api/canaries", spec);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect(created.body.state).toBe("PENDING");
    const own = await carol.call("POST", `/api/canaries/${id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe("You cannot approve your own canary: another approver must review it");
    expect((await alice.call("POST", `/api/canaries/${id}/approve`, {})).status).toBe(403);
    const second = await alice.call("POST", "/api/canaries", spec);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain("already has an active canary");
    const approved = await bob.call("POST", `/api/canaries/${id}/approve`, { note: "go" });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe("RUNNING");

    // A manual change to the route under canary is refused, naming the route and the canary.
    const mesh = (await alice.call("GET", "/api/mesh")).body.mesh as MeshConfig;
    mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.timeoutMs = 1234;
    const manual = await alice.call("POST", "/api/changes", { title: "manual", description: "", proposed: mesh });
    expect((await alice.call("POST", `/api/changes/${manual.body.id}/submit`)).status).toBe(200);
    const refused = await bob.call("POST", `/api/changes/${manual.body.id}/approve`, { note: "" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`Route reviews is under canary ${id}`);

    const done = await eventually(
      "canary promoted",
      async () => {
        const c = (await alice.call("GET", `/api/canaries/${id}`)).body;
        if (c.state === "ROLLED_BACK") throw new Error(`rolled back: ${c.reason}`);
        return c.state === "PROMOTED" ? c : null;
      },
      60_000,
      200,
    );
    const seen = await traffic.stop();
    const steps = (done.events as { kind: string; weight: number | null; version: number | null }[]).filter(
      (e) => e.kind === "step",
    );
    expect(steps.map((s) => s.weight)).toEqual([10, 25, 50, 100]);
    expect(await reviewsDestinations()).toEqual([{ service: "reviews", version: "v2", weight: 100 }]);
    // Every step is a version in the audit log, with the canary's id and its approver.
    const audit = (await bob.call("GET", "/api/audit?limit=200")).body.entries as {
      action: string;
      details: Record<string, unknown>;
    }[];
    const stepped = audit.filter((a) => a.action === "canary.step" && a.details.canaryId === id);
    expect(stepped.map((a) => a.details.version).sort()).toEqual(steps.map((s) => s.version).sort());
    expect(new Set(stepped.map((a) => a.details.approverId)).size).toBe(1);
    expect(stepped[0]!.details.approverId).not.toBeNull();
    expect(seen.length).toBeGreaterThan(50);
    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    expect(new Set(seen.map((s) => s.servedBy))).toEqual(new Set(["v1", "v2"]));
  }, 90_000);

  it("rolls back at once when the canary starts failing at step 3, naming the gate and its figures", async () => {
    await setReviews([{ version: "v1", weight: 100 }]);
    await eventually("reviews back on v1", async () =>
      (await viaProxy(proxyPort, "reviews.demo")).body.includes('"v1"'),
    );
    const traffic = startTraffic();
    const created = await alice.call("POST", "/api/canaries", spec);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await bob.call("POST", `/api/canaries/${id}/approve`, {})).status).toBe(200);
    await eventually(
      "canary at its third step",
      async () => (await alice.call("GET", `/api/canaries/${id}`)).body.stepIndex === 2,
      30_000,
      50,
    );
    v2Failing = true;
    const failingSince = new Date().toISOString();
    const ended = await eventually(
      "canary rolled back",
      async () => {
        const c = (await alice.call("GET", `/api/canaries/${id}`)).body;
        return c.state === "ROLLED_BACK" || c.state === "PROMOTED" ? c : null;
      },
      30_000,
      100,
    );
    const seen = await traffic.stop();
    v2Failing = false;
    expect(ended.state).toBe("ROLLED_BACK");
    // The first check after the failure began may still see the metrics of healthy seconds (proxies report every
    // second); the one after it cannot: rolled back within two intervals.
    expect(ended.reason).toMatch(/^gate successRate failed at (50|100)%: \d+ requests, success [\d.]+%, p99 /);
    const checks = (ended.events as { kind: string; at: string }[]).filter(
      (e) => e.kind === "check" && e.at >= failingSince,
    );
    expect(checks.length).toBeGreaterThanOrEqual(1);
    expect(checks.length).toBeLessThanOrEqual(2);
    expect(await reviewsDestinations()).toEqual([{ service: "reviews", version: "v1", weight: 100 }]);
    const failed = seen.filter((s) => s.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((s) => s.servedBy !== "v2")).toEqual([]);
  }, 90_000);
});
