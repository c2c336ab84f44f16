import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { startFakeConsole, type FakeConsole } from "../helpers/fake-console.ts";
import { seededRandom } from "../helpers/random.ts";
import { weightedSnapshot, snapshot, config, vhost, rule, cluster } from "../helpers/snapshot-builder.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

describe("proxy with a console: distribution, weights, NACK", () => {
  let v1: TestUpstream;
  let v2: TestUpstream;
  let consoleSrv: FakeConsole;
  let proxy: Proxy;
  const ports = () => ({ "web/v1": v1.port, "web/v2": v2.port });

  beforeAll(async () => {
    v1 = await startUpstream("v1");
    v2 = await startUpstream("v2");
    consoleSrv = await startFakeConsole({ token: "secret" });
    consoleSrv.publish(weightedSnapshot(1, "web.test", { "web/v1": 100, "web/v2": 0 }, ports()));
    proxy = createProxy({
      nodeId: "node-a",
      consoleUrl: consoleSrv.url,
      token: "secret",
      port: 0,
      adminPort: 0,
      metricsIntervalMs: 100,
      // Seeded: the 80/20 split below is the same on every run (its bounds hold for any seed: > 4.5 sd).
      random: seededRandom(80),
      logLevel: "silent",
    });
    await proxy.start();
    await proxy.waitForVersion(1);
  });

  afterAll(async () => {
    await proxy?.stop(1_000);
    await Promise.all([v1?.close(), v2?.close(), consoleSrv?.close()]);
  });

  it("routes 100/0 to v1, then 0/100 to v2 after a new snapshot arrives by long-poll", async () => {
    for (let i = 0; i < 20; i++) {
      const r = await get(proxy.port, "/");
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).upstream).toBe("v1");
      expect(r.headers["x-signalbox-upstream"]).toBe("web/v1");
    }
    await consoleSrv.waitFor(() => consoleSrv.acks.some((a) => a.version === 1), 5_000, "ack of v1");
    consoleSrv.publish(weightedSnapshot(2, "web.test", { "web/v1": 0, "web/v2": 100 }, ports()));
    await proxy.waitForVersion(2);
    for (let i = 0; i < 20; i++) {
      const r = await get(proxy.port, "/");
      expect(JSON.parse(r.body).upstream).toBe("v2");
    }
    await consoleSrv.waitFor(() => consoleSrv.acks.some((a) => a.version === 2), 5_000, "ack of v2");
    const ack = consoleSrv.acks.find((a) => a.version === 2)!;
    expect(ack.node).toBe("node-a");
    expect(ack.hash).toBe(proxy.currentHash());
    expect(consoleSrv.polls.every((p) => p.auth === "Bearer secret")).toBe(true);
  });

  it("splits 80/20 within tolerance over 1000 requests", async () => {
    consoleSrv.publish(weightedSnapshot(3, "web.test", { "web/v1": 80, "web/v2": 20 }, ports()));
    await proxy.waitForVersion(3);
    const counts: Record<string, number> = { v1: 0, v2: 0 };
    for (let batch = 0; batch < 20; batch++) {
      const results = await Promise.all(Array.from({ length: 50 }, () => get(proxy.port, "/")));
      for (const r of results) counts[JSON.parse(r.body).upstream as string]!++;
    }
    expect(counts.v1! + counts.v2!).toBe(1000);
    // Binomial(1000, 0.2): sd ≈ 12.6, so ±60 is > 4.5 sd.
    expect(counts.v2).toBeGreaterThan(140);
    expect(counts.v2).toBeLessThan(260);
  });

  it.each([
    [
      "bad hash",
      () => weightedSnapshot(4, "web.test", { "web/v1": 100 }, { "web/v1": v1.port }),
      "0".repeat(64),
      /hash mismatch/,
    ],
    [
      "weights 60/60",
      () => weightedSnapshot(5, "web.test", { "web/v1": 60, "web/v2": 60 }, ports()),
      null,
      /sum to 120/,
    ],
    [
      "unknown cluster",
      () =>
        snapshot(
          6,
          config(
            [vhost("web", ["web.test"], [rule("web#0", { "web/v9": 100 })])],
            [cluster("web/v1", [{ port: v1.port }])],
          ),
        ),
      null,
      /unknown cluster "web\/v9"/,
    ],
  ] as const)("NACKs an invalid snapshot (%s) and keeps serving the old one", async (_name, build, badHash, reason) => {
    const running = proxy.currentVersion();
    const s = build();
    consoleSrv.publish(badHash ? { ...s, hash: badHash } : s);
    await consoleSrv.waitFor(
      () => consoleSrv.nacks.some((n) => n.version === s.version),
      5_000,
      `nack of ${s.version}`,
    );
    const nack = consoleSrv.nacks.find((n) => n.version === s.version)!;
    expect(nack.error).toMatch(reason);
    expect(nack.runningVersion).toBe(running);
    expect(proxy.currentVersion()).toBe(running);
    const r = await get(proxy.port, "/");
    expect(r.status).toBe(200);
    expect(["v1", "v2"]).toContain(JSON.parse(r.body).upstream);
    const stats = await get(proxy.adminPort!, "/stats");
    expect(JSON.parse(stats.body).lastError.version).toBe(s.version);
    // The next poll asks for versions after the rejected one, so the console does not re-send it in a loop.
    await consoleSrv.waitFor(
      () => consoleSrv.polls.some((p) => p.version === s.version),
      5_000,
      "poll past the rejected version",
    );
    expect(consoleSrv.nacks.filter((n) => n.version === s.version)).toHaveLength(1);
  });

  it("reports metrics batches whose counts match the requests sent", async () => {
    consoleSrv.publish(weightedSnapshot(10, "web.test", { "web/v1": 100, "web/v2": 0 }, ports()));
    await proxy.waitForVersion(10);
    // Count from the moment every earlier request has been reported: the console has heard all the proxy counted.
    const reported = () => consoleSrv.metrics.flatMap((b) => b.series).reduce((a, s) => a + s.requests, 0);
    const counted = () => proxy.stats().routes.reduce((a, r) => a + r.requests, 0);
    await consoleSrv.waitFor(() => reported() === counted(), 5_000, "earlier traffic reported");
    const from = consoleSrv.metrics.length;
    for (let i = 0; i < 37; i++) await get(proxy.port, "/");
    for (let i = 0; i < 5; i++) await get(proxy.port, "/", { host: "nobody.test" });
    const sum = (route: string, cluster: string) =>
      consoleSrv.metrics
        .slice(from)
        .flatMap((b) => b.series)
        .filter((s) => s.route === route && s.cluster === cluster)
        .reduce((a, s) => a + s.requests, 0);
    await consoleSrv.waitFor(() => sum("web#0", "web/v1") >= 37 && sum("-", "-") >= 5, 5_000, "metrics");
    expect(sum("web#0", "web/v1")).toBe(37);
    expect(sum("-", "-")).toBe(5);
    const series = consoleSrv.metrics
      .slice(from)
      .flatMap((b) => b.series)
      .filter((s) => s.cluster === "web/v1");
    expect(series.reduce((a, s) => a + s.status["2xx"], 0)).toBe(37);
    expect(series.reduce((a, s) => a + s.latencyCounts.reduce((x, y) => x + y, 0), 0)).toBe(37);
    expect(consoleSrv.metrics.every((b) => b.node === "node-a")).toBe(true);
  });

  it("exposes Prometheus metrics, readiness and the running config on the admin port", async () => {
    const metrics = await get(proxy.adminPort!, "/metrics");
    expect(metrics.headers["content-type"]).toContain("text/plain");
    const total = Number(
      /signalbox_requests_total\{route="web#0",cluster="web\/v1",status_class="2xx"\} (\d+)/.exec(metrics.body)?.[1],
    );
    const stats = JSON.parse((await get(proxy.adminPort!, "/stats")).body) as {
      routes: { route: string; cluster: string; "2xx": number }[];
      memory: { rss: number; heapUsed: number };
    };
    expect(stats.memory.rss).toBeGreaterThan(stats.memory.heapUsed);
    expect(stats.memory.heapUsed).toBeGreaterThan(0);
    expect(Number(/^process_resident_memory_bytes (\d+)$/m.exec(metrics.body)?.[1])).toBeGreaterThan(0);
    expect(total).toBe(stats.routes.find((r) => r.route === "web#0" && r.cluster === "web/v1")!["2xx"]);
    expect(total).toBeGreaterThan(0);
    expect(metrics.body).toMatch(
      /signalbox_request_duration_ms_bucket\{route="web#0",cluster="web\/v1",le="\+Inf"\} \d+/,
    );
    expect(metrics.body).toContain(`signalbox_snapshot_version ${proxy.currentVersion()}`);
    expect((await get(proxy.adminPort!, "/ready")).status).toBe(200);
    const cfg = JSON.parse((await get(proxy.adminPort!, "/config")).body) as {
      version: number;
      hash: string;
      snapshot: { hash: string };
    };
    expect(cfg.version).toBe(proxy.currentVersion());
    expect(cfg.snapshot.hash).toBe(cfg.hash);
  });
});

describe("proxy before its first snapshot", () => {
  it("answers 503 and is not ready until the console has a snapshot, then serves it", async () => {
    const consoleSrv = await startFakeConsole({ holdMs: 200 });
    const up = await startUpstream("v1");
    const proxy = createProxy({
      nodeId: "late",
      consoleUrl: consoleSrv.url,
      port: 0,
      adminPort: 0,
      logLevel: "silent",
      gateway: "edge",
    });
    await proxy.start();
    try {
      expect((await get(proxy.adminPort!, "/ready")).status).toBe(503);
      const r = await get(proxy.port, "/");
      expect([r.status, r.body]).toEqual([503, "no configuration yet\n"]);
      await consoleSrv.waitFor(() => consoleSrv.polls.length >= 2, 5_000, "repeated polls");
      expect(consoleSrv.polls[0]).toMatchObject({ node: "late", version: 0, gateway: "edge" });
      consoleSrv.publish(weightedSnapshot(1, "web.test", { "web/v1": 100 }, { "web/v1": up.port }));
      await proxy.waitForVersion(1);
      expect((await get(proxy.port, "/")).status).toBe(200);
      expect((await get(proxy.adminPort!, "/ready")).status).toBe(200);
    } finally {
      await proxy.stop(500);
      await Promise.all([up.close(), consoleSrv.close()]);
    }
  });
});
