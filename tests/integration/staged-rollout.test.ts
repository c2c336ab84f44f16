/**
 * Staged rollout through real processes: the built console on PostgreSQL, two real proxies (one labelled
 * canary=true), real upstreams. A version first reaches the labelled proxy only, bakes, then the rest. When a proxy of
 * the first stage NACKs the version the rollout stalls with the reason, the rest of the fleet never receives it, and
 * abort returns the first stage to the previous config. The NACKing proxy is the test speaking the console's proxy
 * protocol (poll, NACK): a real proxy refuses only snapshots the console would never publish.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeshConfig } from "@/lib/core/index.ts";
import { startDemoUpstreams, type DemoUpstream } from "@/scripts/demo/upstreams.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { PROXY_TOKEN, startConsole, startProxyProcess, type RunningProcess } from "../helpers/processes.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";
import { viaProxy } from "../helpers/traffic.ts";

const BASE_PORT = testPort(19480);

let upstreams: DemoUpstream[] = [];
let consoleProc: (RunningProcess & { url: string }) | undefined;
const proxies: RunningProcess[] = [];
let canaryPort = 0;
let restPort = 0;
let dataDir: string | undefined;
let dropDb: (() => Promise<void>) | undefined;
let alice: ApiSession;
let bob: ApiSession;

async function approveSplit(v1: number, v2: number, rollout: unknown): ReturnType<ApiSession["call"]> {
  const mesh = (await alice.call("GET", "/api/mesh")).body.mesh as MeshConfig;
  mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations = [
    { service: "reviews", version: "v1", weight: v1 },
    { service: "reviews", version: "v2", weight: v2 },
  ];
  const created = await alice.call("POST", "/api/changes", { title: `${v1}/${v2}`, description: "", proposed: mesh });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await alice.call("POST", `/api/changes/${created.body.id}/submit`)).status).toBe(200);
  return bob.call("POST", `/api/changes/${created.body.id}/approve`, { note: "", rollout });
}

/** Approves a change to the ratings route's timeout (a route no canary runs on) with `rollout`. */
async function approveRatingsTimeout(timeoutMs: number, rollout: unknown): ReturnType<ApiSession["call"]> {
  const mesh = (await alice.call("GET", "/api/mesh")).body.mesh as MeshConfig;
  mesh.routes.find((r) => r.name === "ratings")!.rules[0]!.timeoutMs = timeoutMs;
  const created = await alice.call("POST", "/api/changes", { title: "ratings", description: "", proposed: mesh });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await alice.call("POST", `/api/changes/${created.body.id}/submit`)).status).toBe(200);
  return bob.call("POST", `/api/changes/${created.body.id}/approve`, { note: "", rollout });
}

async function newestVersion(): Promise<number> {
  const res = await bob.call("GET", "/api/versions");
  return Math.max(...res.body.versions.map((v: { version: number }) => v.version));
}

async function applied(id: string): Promise<number | null> {
  const res = await bob.call("GET", "/api/proxies");
  return res.body.proxies.find((p: { id: string }) => p.id === id)?.appliedVersion ?? null;
}

/** The versions a node applied, from the audit log. */
async function appliedHistory(id: string): Promise<number[]> {
  const entries = (await bob.call("GET", "/api/audit?limit=1000")).body.entries as {
    action: string;
    entityId: string;
    details: { version?: number };
  }[];
  return entries.filter((e) => e.action === "proxy.applied" && e.entityId === id).map((e) => e.details.version!);
}

const proxyHeaders = { authorization: `Bearer ${PROXY_TOKEN}`, "content-type": "application/json" };

/** One poll as a proxy labelled canary=true: the snapshot the console would hand it, or null (304). */
async function pollAs(node: string, version: number, waitMs = 0): Promise<{ version: number; hash: string } | null> {
  const url = `${consoleProc!.url}/api/xds/snapshot?node=${node}&version=${version}&waitMs=${waitMs}&labels=canary%3Dtrue`;
  const res = await fetch(url, { headers: proxyHeaders });
  if (res.status === 304) return null;
  expect(res.status).toBe(200);
  return (await res.json()) as { version: number; hash: string };
}

async function versionHash(version: number): Promise<string> {
  const res = await bob.call("GET", "/api/versions");
  return res.body.versions.find((v: { version: number }) => v.version === version).hash;
}

beforeAll(async () => {
  upstreams = await startDemoUpstreams(BASE_PORT);
  const db = await createTestDatabaseUrl();
  dropDb = db?.drop;
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-staged-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: {
      SIGNALBOX_DEMO_BASE_PORT: String(BASE_PORT),
      SIGNALBOX_POLL_WAIT_MS: "20000",
      SIGNALBOX_ROLLOUT_TICK_MS: "200",
      // The initial default plan; every approval below names its own until an admin saves another default.
      SIGNALBOX_ROLLOUT_PLAN: JSON.stringify({ mode: "staged", selector: { zone: "eu" }, bakeSeconds: 1 }),
    },
  });
  canaryPort = await freePort();
  restPort = await freePort();
  const url = consoleProc.url;
  proxies.push(
    await startProxyProcess({
      consoleUrl: url,
      port: canaryPort,
      id: "edge-canary",
      extra: ["--label", "canary=true"],
    }),
    await startProxyProcess({ consoleUrl: url, port: restPort, id: "edge-rest", extra: ["--label", "zone=eu"] }),
  );
  alice = await ApiSession.login(url, "alice", "alice-editor-pw");
  bob = await ApiSession.login(url, "bob", "bob-approver-pw");
  for (const port of [canaryPort, restPort])
    await eventually("proxy serving", async () => (await viaProxy(port, "reviews.demo")).status === 200, 30_000);
}, 120_000);

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await consoleProc?.stop();
  await Promise.all(upstreams.map((u) => u.close()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await dropDb?.();
});

describe("staged rollout", () => {
  it("gives the version to the labelled proxy first, and to the rest after a clean bake", async () => {
    const before = (await applied("edge-rest"))!;
    const approved = await approveSplit(100, 0, { mode: "staged", selector: { canary: "true" }, bakeSeconds: 3 });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const version = approved.body.producedVersion as number;
    const rollout = (await bob.call("GET", `/api/rollouts/${version}`)).body;
    expect(
      rollout.proxies.filter((p: { inFirstStage: boolean }) => p.inFirstStage).map((p: { id: string }) => p.id),
    ).toEqual(["edge-canary"]);
    await eventually("the canary proxy runs the version", async () => (await applied("edge-canary")) === version);
    const during = (await bob.call("GET", `/api/rollouts/${version}`)).body;
    if (during.state === "BAKING") expect(await applied("edge-rest")).toBe(before);
    const done = await eventually("rollout completed", async () => {
      const r = (await bob.call("GET", `/api/rollouts/${version}`)).body;
      return r.state === "COMPLETED" ? r : null;
    });
    expect(done.stage).toBe(1);
    await eventually("the rest runs the version", async () => (await applied("edge-rest")) === version);
    const history = await appliedHistory("edge-rest");
    expect(history).toContain(version);
  }, 60_000);

  it("stalls on a NACK in the first stage; the rest never gets the version; abort restores the previous one", async () => {
    const previous = (await applied("edge-canary"))!;
    // A second proxy of the first stage, which will refuse the version.
    expect(await pollAs("bad-canary", 0)).not.toBeNull();
    const approved = await approveSplit(50, 50, { mode: "staged", selector: { canary: "true" }, bakeSeconds: 600 });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const version = approved.body.producedVersion as number;
    const offered = await pollAs("bad-canary", previous, 5000);
    expect(offered?.version).toBe(version);
    const nack = await fetch(`${consoleProc!.url}/api/xds/nack`, {
      method: "POST",
      headers: proxyHeaders,
      body: JSON.stringify({ node: "bad-canary", version, runningVersion: previous, error: "listener port in use" }),
    });
    expect(nack.status).toBe(200);
    const stalled = await eventually("rollout stalled", async () => {
      const r = (await bob.call("GET", `/api/rollouts/${version}`)).body;
      return r.state === "STALLED" ? r : null;
    });
    expect(stalled.reason).toBe("proxy bad-canary rejected the version: listener port in use");
    // Another publish waits for the rollout to finish or be aborted.
    const blocked = await approveSplit(20, 80, undefined);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain(`Version ${version} is still rolling out (stalled`);
    await eventually(
      "the labelled real proxy runs the version",
      async () => (await applied("edge-canary")) === version,
    );
    // The rest of the fleet is held at the previous version: a poll from it gets nothing newer.
    expect(await applied("edge-rest")).toBe(previous);
    // Resumed, the first stage bakes again and only what happens from now on is judged: the old NACK no longer counts.
    const resumed = await bob.call("POST", `/api/rollouts/${version}/resume`, { note: "retry" });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body).toMatchObject({ state: "BAKING", reason: null });
    expect(await applied("edge-rest")).toBe(previous);

    const aborted = await bob.call("POST", `/api/rollouts/${version}/abort`, { note: "bad canary" });
    expect(aborted.status, JSON.stringify(aborted.body)).toBe(200);
    expect(aborted.body.state).toBe("ABORTED");
    const restored = aborted.body.abortVersion as number;
    expect(restored).toBeGreaterThan(version);
    expect(await versionHash(restored)).toBe(await versionHash(previous));
    await eventually(
      "the canary proxy is back on the previous config",
      async () => (await applied("edge-canary")) === restored,
    );
    await eventually("the rest runs the restored config", async () => (await applied("edge-rest")) === restored);
    expect(await appliedHistory("edge-rest")).not.toContain(version);
    expect((await viaProxy(canaryPort, "reviews.demo")).body).toContain('"v1"');
  }, 60_000);

  it("refuses to abort a canary while a staged rollout runs (it would publish past the bake); pause, then abort", async () => {
    const start = (await alice.call("GET", "/api/mesh")).body.mesh.routes.find(
      (r: { name: string }) => r.name === "reviews",
    ).rules[0].destinations;
    const spec = { route: "reviews", stable: "v1", canary: "v2", steps: [10, 100], intervalSeconds: 3600 };
    const created = await alice.call("POST", "/api/canaries", spec);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await bob.call("POST", `/api/canaries/${id}/approve`, {})).status).toBe(200);
    const approved = await approveRatingsTimeout(4321, {
      mode: "staged",
      selector: { canary: "true" },
      bakeSeconds: 600,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const version = approved.body.producedVersion as number;
    expect((await bob.call("GET", `/api/rollouts/${version}`)).body.state).toBe("BAKING");

    const refused = await bob.call("POST", `/api/canaries/${id}/abort`, { note: "stop" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      `Version ${version} is still rolling out (baking); resume or abort it first; meanwhile pause the canary (its weights stay where they are)`,
    );
    expect((await bob.call("POST", `/api/canaries/${id}/promote`, {})).status).toBe(409);
    const paused = await bob.call("POST", `/api/canaries/${id}/pause`, { note: "rollout running" });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body.state).toBe("PAUSED");
    // Nothing was published past the staged version, so the rest of the fleet still never had it.
    expect(await newestVersion()).toBe(version);
    expect(await appliedHistory("edge-rest")).not.toContain(version);

    const abortedRollout = await bob.call("POST", `/api/rollouts/${version}/abort`, { note: "" });
    expect(abortedRollout.status, JSON.stringify(abortedRollout.body)).toBe(200);
    const resumed = await bob.call("POST", `/api/canaries/${id}/resume`, {});
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body).toMatchObject({ state: "RUNNING", weight: 10 });
    const aborted = await bob.call("POST", `/api/canaries/${id}/abort`, { note: "stop" });
    expect(aborted.status, JSON.stringify(aborted.body)).toBe(200);
    expect(aborted.body.state).toBe("ABORTED");
    const mesh = (await alice.call("GET", "/api/mesh")).body.mesh as MeshConfig;
    expect(mesh.routes.find((r) => r.name === "reviews")!.rules[0]!.destinations).toEqual(start);
    expect(mesh.routes.find((r) => r.name === "ratings")!.rules[0]!.timeoutMs).not.toBe(4321);
    await eventually(
      "the rest runs the canary's abort",
      async () => (await applied("edge-rest")) === (await newestVersion()),
    );
    expect(await appliedHistory("edge-rest")).not.toContain(version);
  }, 60_000);

  it("the default plan is a console setting: the environment's until an admin saves one, then that one", async () => {
    const initial = (await bob.call("GET", "/api/rollouts")).body;
    expect(initial.defaultPlanSource).toBe("environment");
    expect(initial.defaultPlan).toMatchObject({ mode: "staged", selector: { zone: "eu" }, bakeSeconds: 1 });
    const plan = { mode: "staged", selector: { canary: "true" }, bakeSeconds: 600 };
    const notAdmin = await bob.call("PUT", "/api/rollouts/default-plan", { plan });
    expect(notAdmin.status).toBe(403);
    const carol = await ApiSession.login(consoleProc!.url, "carol", "carol-admin-pw");
    const saved = await carol.call("PUT", "/api/rollouts/default-plan", { plan });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({
      defaultPlanSource: "console",
      defaultPlanUpdatedBy: "carol",
      defaultPlan: plan,
    });

    // An approval that names no plan rolls out by the saved default.
    const approved = await approveRatingsTimeout(2222, undefined);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const version = approved.body.producedVersion as number;
    const rollout = (await bob.call("GET", `/api/rollouts/${version}`)).body;
    expect(rollout.state).toBe("BAKING");
    expect(rollout.planText).toBe("canary=true first, bake 600s, then the rest");
    expect((await bob.call("POST", `/api/rollouts/${version}/abort`, { note: "" })).status).toBe(200);
    const audit = (await carol.call("GET", "/api/audit?limit=50")).body.entries as { action: string }[];
    expect(audit.some((e) => e.action === "settings.rollout_plan")).toBe(true);
  }, 60_000);
});
