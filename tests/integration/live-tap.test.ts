/**
 * Issue 12 item 8 through real processes: the built console on a real database, the proxy as a child process, real
 * upstreams and real HTTP. A tap opened on the console gets samples of the proxy's requests over Server-Sent Events,
 * only those its filters match, at most its rate, with credentials redacted; nothing is sampled while no tap is
 * open or after it closed; a tap watched on a second console gets what the proxy reports to the first; and
 * `signalbox tap` prints the samples.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TapSampleSchema, type TapSample } from "@/lib/core/index.ts";
import { startDemoUpstreams, type DemoUpstream } from "@/scripts/demo/upstreams.ts";
import { ApiSession } from "../helpers/api-session.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort, testPort } from "../helpers/ports.ts";
import { startConsole, startProxyProcess, type RunningProcess } from "../helpers/processes.ts";
import { viaProxy } from "../helpers/traffic.ts";
import { createTestDatabaseUrl } from "../helpers/test-database.ts";

const BASE_PORT = testPort(19600);
const root = path.resolve(import.meta.dirname, "..", "..");

let upstreams: DemoUpstream[] = [];
let consoleProc: (RunningProcess & { url: string }) | undefined;
let proxy: RunningProcess | undefined;
let proxyPort = 0;
let dataDir: string | undefined;
let db: { url: string; drop(): Promise<void> } | null = null;
let bob: ApiSession;

/** A viewer of one tap's event stream, collecting what arrives. */
function watch(session: ApiSession, id: string) {
  const abort = new AbortController();
  const samples: TapSample[] = [];
  let ended: string | null = null;
  const done = (async () => {
    const res = await fetch(`${session.baseUrl}/api/tap/${id}/events`, {
      headers: { cookie: session.cookie },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = res.body!.getReader();
    for (;;) {
      const { done: finished, value } = await reader.read();
      if (finished) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === "sample") samples.push(TapSampleSchema.parse(JSON.parse(data!)));
        if (event === "end") ended = (JSON.parse(data!) as { reason: string }).reason;
      }
    }
  })().catch((e: unknown) => {
    if (!abort.signal.aborted) throw e;
  });
  return { samples, ended: () => ended, close: () => abort.abort(), done };
}

async function openTap(session: ApiSession, body: unknown): Promise<string> {
  const res = await session.call("POST", "/api/tap", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

/** Traffic until `until` holds: the proxy learns of a tap from the answer to its next metrics POST. */
async function trafficUntil(what: string, send: () => Promise<unknown>, until: () => boolean): Promise<void> {
  await eventually(
    what,
    async () => {
      await send();
      return until();
    },
    30_000,
    50,
  );
}

/** This console's count of tap samples stored (or dropped), from its /metrics. */
async function storedSamples(url: string, session: ApiSession, metric = "signalbox_console_tap_samples_total") {
  const res = await fetch(`${url}/metrics`, { headers: { cookie: session.cookie, accept: "text/plain" } });
  const line = (await res.text()).split("\n").find((l) => l.startsWith(`${metric} `));
  return Number(line!.split(" ")[1]);
}

/** Requests the console has counted (live), so a test knows the proxy's batches for them arrived. */
async function countedRequests(session: ApiSession): Promise<number> {
  const res = await session.call("GET", "/api/metrics?window=900&groupBy=proxy");
  return (res.body.points as { key: string; requests: number }[])
    .filter((p) => p.key === "tap-proxy")
    .reduce((a, p) => a + p.requests, 0);
}

beforeAll(async () => {
  upstreams = await startDemoUpstreams(BASE_PORT);
  db = await createTestDatabaseUrl();
  if (!db) dataDir = mkdtempSync(path.join(os.tmpdir(), "sb-tap-"));
  consoleProc = await startConsole({
    port: await freePort(),
    databaseUrl: db?.url,
    dataDir,
    env: { SIGNALBOX_DEMO_BASE_PORT: String(BASE_PORT) },
  });
  proxyPort = await freePort();
  proxy = await startProxyProcess({ consoleUrl: consoleProc.url, port: proxyPort, id: "tap-proxy" });
  bob = await ApiSession.login(consoleProc.url, "bob", "bob-approver-pw");
  await eventually(
    "proxy serving the seeded config",
    async () => (await viaProxy(proxyPort, "reviews.demo")).status === 200,
    30_000,
  );
}, 240_000);

afterAll(async () => {
  await proxy?.stop();
  await consoleProc?.stop();
  await Promise.all(upstreams.map((u) => u.close()));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
});

describe("live tap", () => {
  it("samples nothing while no tap is open", async () => {
    const before = await countedRequests(bob);
    for (let i = 0; i < 20; i++) expect((await viaProxy(proxyPort, "reviews.demo", "/idle")).status).toBe(200);
    await eventually("the proxy's batches counted", async () => (await countedRequests(bob)) >= before + 20);
    // Nothing stored, and nothing sent to be dropped: the proxy's batches carried no samples.
    expect(await storedSamples(consoleProc!.url, bob)).toBe(0);
    expect(await storedSamples(consoleProc!.url, bob, "signalbox_console_tap_samples_dropped_total")).toBe(0);
  });

  it("streams the requests its filters match, with credentials redacted, and stops when closed", async () => {
    const id = await openTap(bob, {
      filter: { route: "reviews", pathPrefix: "/tapme", header: { name: "X-Tap", value: "yes" } },
      ratePerSecond: 100,
    });
    const viewer = watch(bob, id);
    const secret = { authorization: "Bearer very-secret", cookie: "session=also-secret" };
    await trafficUntil(
      "three samples",
      async () => {
        await viaProxy(proxyPort, "reviews.demo", "/tapme/a?token=q", { "x-tap": "yes", ...secret });
        await viaProxy(proxyPort, "reviews.demo", "/other", { "x-tap": "yes" }); // path does not match
        await viaProxy(proxyPort, "reviews.demo", "/tapme/b", { "x-tap": "no" }); // header value does not
        await viaProxy(proxyPort, "ratings.demo", "/tapme/c", { "x-tap": "yes" }); // another route
      },
      () => viewer.samples.length >= 3,
    );
    for (const s of viewer.samples) {
      expect(s).toMatchObject({ tap: id, method: "GET", authority: "reviews.demo", route: "reviews", status: 200 });
      expect(s.path).toBe("/tapme/a"); // never the query
      expect(s.rule.startsWith("reviews#")).toBe(true);
      expect(s.cluster.startsWith("reviews/")).toBe(true);
      expect(s.upstream).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(s.proxy).toBe("tap-proxy");
      expect(s.headers["x-tap"]).toBe("yes");
      expect(s.headers.authorization).toBe("REDACTED");
      expect(s.headers.cookie).toBe("REDACTED");
      expect(JSON.stringify(s)).not.toContain("secret");
    }

    expect((await bob.call("DELETE", `/api/tap/${id}`)).status).toBe(200);
    await eventually("the stream ended", async () => viewer.ended() === "closed");
    await viewer.done;
    // Closed: whatever the proxy still sends is not stored, and it stops sampling once told.
    const stored = await storedSamples(consoleProc!.url, bob);
    const before = await countedRequests(bob);
    for (let i = 0; i < 10; i++) await viaProxy(proxyPort, "reviews.demo", "/tapme/after", { "x-tap": "yes" });
    await eventually("the proxy's batches counted", async () => (await countedRequests(bob)) >= before + 10);
    expect(await storedSamples(consoleProc!.url, bob)).toBe(stored);
  });

  it("filters by status and holds each proxy to the tap's rate", async () => {
    const id = await openTap(bob, { filter: { status: "4xx" }, ratePerSecond: 2 });
    const viewer = watch(bob, id);
    await trafficUntil(
      "samples of 404s",
      async () => {
        await Promise.all([
          ...Array.from({ length: 10 }, () => viaProxy(proxyPort, "nowhere.demo", "/missing")),
          viaProxy(proxyPort, "reviews.demo", "/fine"),
        ]);
      },
      () => viewer.samples.length >= 6,
    );
    viewer.close();
    expect(new Set(viewer.samples.map((s) => s.status))).toEqual(new Set([404]));
    expect(viewer.samples.every((s) => s.authority === "nowhere.demo" && s.rule === "-")).toBe(true);
    const perSecond = new Map<number, number>();
    for (const s of viewer.samples)
      perSecond.set(Math.floor(s.at / 1000), (perSecond.get(Math.floor(s.at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(2);
    // The viewer leaving closed the tap.
    await eventually("the tap closed", async () => {
      const again = watch(bob, id);
      await again.done;
      return again.ended() === "closed";
    });
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "reaches a viewer on another console: samples the proxy reports to the first",
    async () => {
      const other = await startConsole({ port: await freePort(), databaseUrl: db!.url });
      try {
        const carol = await ApiSession.login(other.url, "carol", "carol-admin-pw");
        const id = await openTap(carol, { filter: { pathPrefix: "/two-consoles" } });
        const viewer = watch(carol, id);
        await trafficUntil(
          "a sample on the other console",
          () => viaProxy(proxyPort, "details.demo", "/two-consoles"),
          () => viewer.samples.length >= 1,
        );
        expect(viewer.samples[0]).toMatchObject({ path: "/two-consoles", proxy: "tap-proxy" });
        viewer.close();
        await viewer.done;
      } finally {
        await other.stop();
      }
    },
  );

  it("prints samples with `signalbox tap` until its duration ends", async () => {
    const token = await bob.call("POST", "/api/tokens", { name: "tap-cli" });
    expect(token.status, JSON.stringify(token.body)).toBe(201);
    const child = spawn(
      process.execPath,
      [path.join(root, "bin", "signalbox.mjs"), "tap", "reviews", "--path", "/cli", "--duration", "5", "-o", "json"],
      {
        env: { ...process.env, SIGNALBOX_SERVER: consoleProc!.url, SIGNALBOX_TOKEN: token.body.secret as string },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    let code: number | null | undefined;
    void exited.then((c) => (code = c));
    await trafficUntil(
      "a line from the CLI",
      () => viaProxy(proxyPort, "reviews.demo", "/cli/x"),
      () => stdout.includes("\n") || code !== undefined,
    );
    expect(await exited, stderr).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(TapSampleSchema.parse(JSON.parse(line))).toMatchObject({ path: "/cli/x" });
  });
});
