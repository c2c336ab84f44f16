/**
 * The whole loop through real processes: the built console (next start) on a real database, the proxy as
 * a child process, real upstream servers, and real HTTP. Nothing is mocked.
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
import { countUpstreams, viaProxy } from "../helpers/traffic.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

const BASE_PORT = testPort(19400);

let upstreams: DemoUpstream[] = [];
let consoleProc: (RunningProcess & { url: string }) | undefined;
let proxy: RunningProcess | undefined;
let proxyPort = 0;
let dataDir: string | undefined;
let dropDb: (() => Promise<void>) | undefined;
let alice: ApiSession;
let bob: ApiSession;

function withReviewsSplit(mesh: MeshConfig, v1: number, v2: number): MeshConfig {
  const copy = structuredClone(mesh);
  const reviews = copy.routes.find((r) => r.name === "reviews")!;
  reviews.rules[0]!.destinations = [
    { service: "reviews", version: "v1", weight: v1 },
    { service: "reviews", version: "v2", weight: v2 },
  ];
  return copy;
}

async function proposeAndApprove(mesh: MeshConfig, title: string): Promise<number> {
  const draft = await alice.call("GET", "/api/changes/draft");
  expect(draft.status).toBe(200);
  const saved = await alice.call("PUT", `/api/changes/${draft.body.id}`, {
    revision: draft.body.revision,
    title,
    proposed: mesh,
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const submitted = await alice.call("POST", `/api/changes/${draft.body.id}/submit`);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const approved = await bob.call("POST", `/api/changes/${draft.body.id}/approve`, { note: "ok" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  expect(approved.body.status).toBe("ROLLED_OUT");
  return approved.body.producedVersion as number;
}

/** A separate change by alice (not her draft), submitted and approved by bob; returns the version it produced. */
async function rollOutChange(mesh: MeshConfig, title: string): Promise<number> {
  const created = await alice.call("POST", "/api/changes", { title, description: "", proposed: mesh });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await alice.call("POST", `/api/changes/${created.body.id}/submit`)).status).toBe(200);
  const approved = await bob.call("POST", `/api/changes/${created.body.id}/approve`, { note: "" });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body.producedVersion as number;
}

beforeAll(async () => {
  upstreams = await startDemoUpstreams(BASE_PORT);
  const db = await createTestDatabaseUrl();
  dropDb = db?.drop;
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-loop-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_DEMO_BASE_PORT: String(BASE_PORT), SIGNALBOX_POLL_WAIT_MS: "20000" },
  });
  proxyPort = await freePort();
  proxy = await startProxyProcess({ consoleUrl: consoleProc.url, port: proxyPort, id: "loop-proxy" });
  alice = await ApiSession.login(consoleProc.url, "alice", "alice-editor-pw");
  bob = await ApiSession.login(consoleProc.url, "bob", "bob-approver-pw");
  await eventually(
    "proxy serving the seeded config",
    async () => (await viaProxy(proxyPort, "reviews.demo")).status === 200,
    30_000,
  );
});

afterAll(async () => {
  await proxy?.stop();
  await consoleProc?.stop();
  await Promise.all(upstreams.map((u) => u.close()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await dropDb?.();
});

describe("operator loop", () => {
  it("moves real traffic 100/0 → 0/100 after approval by a second user", async () => {
    const running = await alice.call("GET", "/api/mesh");
    const v100 = await proposeAndApprove(withReviewsSplit(running.body.mesh, 100, 0), "all reviews to v1");
    await eventually("all traffic on reviews/v1", async () => {
      const counts = await countUpstreams(proxyPort, "reviews.demo", 20);
      return counts["reviews/v1"] === 20;
    });
    const v0 = await proposeAndApprove(withReviewsSplit(running.body.mesh, 0, 100), "all reviews to v2");
    expect(v0).toBe(v100 + 1);
    const approvedAt = Date.now();
    await eventually("all traffic on reviews/v2", async () => {
      const counts = await countUpstreams(proxyPort, "reviews.demo", 20);
      return counts["reviews/v2"] === 20;
    });
    console.log(`split visible in traffic ${Date.now() - approvedAt} ms after approval`);
    const counts = await countUpstreams(proxyPort, "reviews.demo", 200);
    expect(counts).toEqual({ "reviews/v2": 200 });

    const proxies = await eventually("proxy ACK of the new version", async () => {
      const res = await bob.call("GET", "/api/proxies");
      const p = res.body.proxies.find((x: { id: string }) => x.id === "loop-proxy");
      return p?.appliedVersion === v0 ? res.body : null;
    });
    expect(proxies.latestVersion).toBe(v0);
    expect(proxies.proxies.find((x: { id: string }) => x.id === "loop-proxy").state).toBe("synced");
  });

  it("shows the proxy's metrics per version in the console", async () => {
    for (let i = 0; i < 30; i++) await viaProxy(proxyPort, "reviews.demo");
    const series = await eventually("reviews/v2 metrics", async () => {
      const res = await bob.call("GET", "/api/metrics?window=60&groupBy=version");
      const points = (res.body.points as { key: string; rps: number }[]).filter((p) => p.key === "reviews/v2");
      const total = points.reduce((a, p) => a + p.rps, 0);
      return total >= 30 ? total : null;
    });
    expect(series).toBeGreaterThanOrEqual(30);
  });

  it("refuses weights 60/60 with 400 naming the field, and stores nothing", async () => {
    const running = await alice.call("GET", "/api/mesh");
    const draft = await alice.call("GET", "/api/changes/draft");
    const bad = await alice.call("PUT", `/api/changes/${draft.body.id}`, {
      revision: draft.body.revision,
      proposed: withReviewsSplit(running.body.mesh, 60, 60),
    });
    expect(bad.status).toBe(400);
    const routeIndex = running.body.mesh.routes.findIndex((r: { name: string }) => r.name === "reviews");
    expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toContain(
      `proposed.routes.${routeIndex}.rules.0.destinations`,
    );
    expect(bad.body.error.message).toMatch(/destinations/);
    const after = await alice.call("GET", `/api/changes/${draft.body.id}`);
    expect(after.body.proposed).toEqual(draft.body.proposed);
  });

  it("refuses an unknown version with 400 naming the field", async () => {
    const running = await alice.call("GET", "/api/mesh");
    const mesh = withReviewsSplit(running.body.mesh, 50, 50);
    const reviews = mesh.routes.find((r) => r.name === "reviews")!;
    reviews.rules[0]!.destinations[1]!.version = "v9";
    const draft = await alice.call("GET", "/api/changes/draft");
    const bad = await alice.call("PUT", `/api/changes/${draft.body.id}`, {
      revision: draft.body.revision,
      proposed: mesh,
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."));
    expect(paths.some((p: string) => /^proposed\.routes\.\d+\.rules\.0\.destinations\.1\.version$/.test(p))).toBe(true);
  });

  it("rejects a malformed body with 400 naming the field", async () => {
    const draft = await alice.call("GET", "/api/changes/draft");
    const bad = await alice.call("PUT", `/api/changes/${draft.body.id}`, {
      revision: draft.body.revision,
      proposed: { routes: [{ name: "Bad Name!", hosts: [], rules: [] }] },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."));
    expect(paths).toContain("proposed.routes.0.name");
  });

  it("does not let the author approve their own change, nor an editor approve at all", async () => {
    const running = await alice.call("GET", "/api/mesh");
    const draft = await alice.call("GET", "/api/changes/draft");
    await alice.call("PUT", `/api/changes/${draft.body.id}`, {
      revision: draft.body.revision,
      proposed: withReviewsSplit(running.body.mesh, 50, 50),
    });
    expect((await alice.call("POST", `/api/changes/${draft.body.id}/submit`)).status).toBe(200);
    const self = await alice.call("POST", `/api/changes/${draft.body.id}/approve`, {});
    expect(self.status).toBe(403);
    const carol = await ApiSession.login(consoleProc!.url, "carol", "carol-admin-pw");
    const rejected = await carol.call("POST", `/api/changes/${draft.body.id}/reject`, { note: "not now" });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe("REJECTED");
    const approveRejected = await bob.call("POST", `/api/changes/${draft.body.id}/approve`, {});
    expect(approveRejected.status).toBe(409);
  });

  it("moves an untouched draft to the new running version, and leaves an edited one stale", async () => {
    const carol = await ApiSession.login(consoleProc!.url, "carol", "carol-admin-pw");
    const untouched = await carol.call("GET", "/api/changes/draft");
    const running = await alice.call("GET", "/api/mesh");
    const aliceDraft = await alice.call("GET", "/api/changes/draft");
    const edited = withReviewsSplit(running.body.mesh, 30, 70);
    expect(
      (
        await alice.call("PUT", `/api/changes/${aliceDraft.body.id}`, {
          revision: aliceDraft.body.revision,
          proposed: edited,
        })
      ).status,
    ).toBe(200);

    // Someone else's change rolls out in between.
    const otherMesh = structuredClone(running.body.mesh) as MeshConfig;
    otherMesh.services.reverse();
    otherMesh.services[0]!.description = "rolled out by someone else";
    const version = await rollOutChange(otherMesh, "other rollout");

    const carolNow = await carol.call("GET", "/api/changes/draft");
    expect(carolNow.body.id).toBe(untouched.body.id);
    expect(carolNow.body.baseVersion).toBe(version);
    expect(carolNow.body.stale).toBe(false);
    expect(carolNow.body.diff).toEqual([]);

    const aliceNow = await alice.call("GET", "/api/changes/draft");
    expect(aliceNow.body.id).toBe(aliceDraft.body.id);
    expect(aliceNow.body.stale).toBe(true);
    expect(aliceNow.body.baseVersion).toBe(aliceDraft.body.baseVersion);
    expect(aliceNow.body.proposed).toEqual(
      (await alice.call("GET", `/api/changes/${aliceDraft.body.id}`)).body.proposed,
    );
    expect(withReviewsSplit(aliceNow.body.proposed, 30, 70)).toEqual(aliceNow.body.proposed);

    // The version carol now follows was stored in its change's order (services reversed), not the tables'
    // order her draft is read back in: her untouched draft must still follow the next rollout.
    const again = structuredClone(otherMesh);
    again.services[0]!.description = "rolled out again";
    const nextVersion = await rollOutChange(again, "another rollout");
    const carolLater = await carol.call("GET", "/api/changes/draft");
    expect(carolLater.body.id).toBe(untouched.body.id);
    expect(carolLater.body.baseVersion).toBe(nextVersion);
    expect(carolLater.body.stale).toBe(false);
    const discarded = await alice.call("POST", `/api/changes/${aliceDraft.body.id}/discard`);
    expect(discarded.status).toBe(200);
    expect(discarded.body.status).toBe("DISCARDED");
    expect(discarded.body.approver).toBeNull();
  });

  it("answers 401 without a session and with a wrong proxy token", async () => {
    expect((await fetch(`${consoleProc!.url}/api/mesh`)).status).toBe(401);
    const poll = await fetch(`${consoleProc!.url}/api/xds/snapshot?node=x&version=0`, {
      headers: { authorization: "Bearer nope-nope-nope" },
    });
    expect(poll.status).toBe(401);
    const ok = await fetch(`${consoleProc!.url}/api/xds/snapshot?node=x&version=0`, {
      headers: { authorization: `Bearer ${PROXY_TOKEN}` },
    });
    expect(ok.status).toBe(200);
    const badQuery = await fetch(`${consoleProc!.url}/api/xds/snapshot?node=x&version=-3`, {
      headers: { authorization: `Bearer ${PROXY_TOKEN}` },
    });
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).error.message).toMatch(/version/);
  });

  it("keeps serving the last good snapshot when the console is down", async () => {
    const before = await countUpstreams(proxyPort, "reviews.demo", 20);
    await consoleProc!.stop();
    consoleProc = undefined;
    const after = await countUpstreams(proxyPort, "reviews.demo", 50);
    expect(after).toEqual({ "reviews/v2": 50 });
    expect(before).toEqual({ "reviews/v2": 20 });
  });
});
