import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EndpointHealth, TrafficPolicy } from "../../lib/core/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { startFakeConsole, type FakeConsole } from "../helpers/fake-console.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

/** Endpoint health in the metrics batches (MetricsBatch.endpoints), and the outlier interval. */
describe("endpoint health reported to the console", () => {
  const ups: Record<string, TestUpstream> = {};
  let consoleSrv: FakeConsole;
  let proxy: Proxy;
  let version = 0;
  let probeHealthy = true;

  const publish = (name: string, ports: number[], trafficPolicy: TrafficPolicy) => {
    consoleSrv.publish(
      snapshot(
        ++version,
        config(
          [vhost("web", ["web.test"], [rule("web#0", { [name]: 100 })])],
          [
            cluster(
              name,
              ports.map((port) => ({ port })),
              { trafficPolicy },
            ),
          ],
        ),
      ),
    );
    return proxy.waitForVersion(version);
  };
  /** The latest reported state of the endpoint on `port`, from the batches received so far. */
  const reported = (port: number): EndpointHealth | undefined => {
    for (let i = consoleSrv.metrics.length - 1; i >= 0; i--) {
      const e = consoleSrv.metrics[i]!.endpoints?.find((x) => x.port === port);
      if (e) return e;
    }
    return undefined;
  };

  beforeAll(async () => {
    ups.ok = await startUpstream("ok");
    ups.bad = await startUpstream("bad", (_req, res) => {
      res.writeHead(503).end("broken");
      return true;
    });
    ups.probe = await startUpstream("probe", (req, res) => {
      if (req.url !== "/healthz") return false;
      res.writeHead(probeHealthy ? 200 : 500).end();
      return true;
    });
    consoleSrv = await startFakeConsole({ holdMs: 200 });
    proxy = createProxy({
      nodeId: "health",
      consoleUrl: consoleSrv.url,
      port: 0,
      metricsIntervalMs: 50,
      pollWaitMs: 200,
      logLevel: "silent",
    });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy?.stop(500);
    await consoleSrv?.close();
    for (const u of Object.values(ups)) await u.close();
  });

  it("an endpoint answering 5xx is ejected and the batch says so", async () => {
    const outlierDetection = {
      consecutiveErrors: 2,
      intervalMs: 1_000,
      baseEjectionMs: 60_000,
      maxEjectionPercent: 50,
    };
    await publish("web/pair", [ups.bad!.port, ups.ok!.port], { outlierDetection });
    for (let i = 0; i < 10; i++) await get(proxy.port, "/");
    await consoleSrv.waitFor(() => reported(ups.bad!.port)?.state === "ejected", 5_000, "ejected endpoint in a batch");
    const bad = reported(ups.bad!.port)!;
    expect(bad).toMatchObject({ cluster: "web/pair", address: "127.0.0.1", state: "ejected" });
    expect(bad.ejectedUntil).toBeGreaterThan(Date.now() + 50_000);
    expect(reported(ups.ok!.port)).toMatchObject({ cluster: "web/pair", state: "healthy", consecutiveErrors: 0 });
  });

  it("an endpoint failing active health checks is reported unhealthy, then healthy again", async () => {
    probeHealthy = false;
    const healthCheck = {
      path: "/healthz",
      intervalMs: 100,
      timeoutMs: 500,
      unhealthyThreshold: 1,
      healthyThreshold: 1,
    };
    await publish("web/hc", [ups.probe!.port, ups.ok!.port], { healthCheck });
    // No traffic needed: a change of health is sent on its own.
    await consoleSrv.waitFor(
      () => reported(ups.probe!.port)?.state === "unhealthy",
      5_000,
      "unhealthy endpoint in a batch",
    );
    expect(reported(ups.ok!.port)).toMatchObject({ cluster: "web/hc", state: "healthy" });
    probeHealthy = true;
    await consoleSrv.waitFor(
      () => reported(ups.probe!.port)?.state === "healthy",
      5_000,
      "recovered endpoint in a batch",
    );
  });

  it("ejections end on the outlier interval and last longer each time the endpoint is ejected again", async () => {
    const outlierDetection = { consecutiveErrors: 1, intervalMs: 100, baseEjectionMs: 300, maxEjectionPercent: 50 };
    await publish("web/flap", [ups.bad!.port, ups.ok!.port], { outlierDetection });
    const badState = () =>
      proxy
        .stats()
        .clusters.find((c) => c.name === "web/flap")!
        .endpoints.find((e) => e.address.endsWith(`:${ups.bad!.port}`))!;
    const ejection = async () => {
      // Requests until the bad endpoint takes one and is ejected (round robin: within two).
      const ejectedOrSendOne = async () => {
        if (badState().ejected) return true;
        await get(proxy.port, "/");
        return false;
      };
      await eventually("the bad endpoint ejected", ejectedOrSendOne, 5_000, 0);
      const start = Date.now();
      await consoleSrv.waitFor(() => reported(ups.bad!.port)?.state === "ejected", 5_000, "ejection reported");
      // Back in rotation without any request, and the console hears of it.
      await consoleSrv.waitFor(() => reported(ups.bad!.port)?.state === "healthy", 5_000, "return reported");
      return Date.now() - start;
    };
    const first = await ejection();
    const second = await ejection();
    expect(first).toBeGreaterThanOrEqual(250);
    expect(second).toBeGreaterThanOrEqual(550);
    expect(second).toBeGreaterThan(first);
    expect(badState().timesEjected).toBe(2);
  });
});
