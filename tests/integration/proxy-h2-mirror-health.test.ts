import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

interface Seen {
  path: string;
  authority: string | undefined;
  agent: string | undefined;
}

/** An h2c-only upstream (no HTTP/1.1): a request in the wrong protocol never reaches the handler. */
async function startH2cUpstream(healthz: () => number) {
  const seen: Seen[] = [];
  const server = http2.createServer((req, res) => {
    seen.push({ path: req.url, authority: req.headers[":authority"], agent: req.headers["user-agent"] });
    res.writeHead(req.url === "/healthz" ? healthz() : 200, { "x-upstream": "h2" }).end("h2\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A cluster whose service port is HTTP2 is mirrored to and health-checked over HTTP/2 (the endpoint's session), as
 * its requests are: an HTTP/1.1 probe or copy would never reach an h2c-only server.
 */
describe("mirrors and active health checks of an HTTP2 service port", () => {
  let web: TestUpstream;
  let shadow: Awaited<ReturnType<typeof startH2cUpstream>>;
  let healthz = 200;
  let proxy: Proxy;

  beforeAll(async () => {
    web = await startUpstream("web");
    shadow = await startH2cUpstream(() => healthz);
    const h2Port = { ports: [{ name: "http2", number: 8080, protocol: "HTTP2" as const }] };
    const healthCheck = {
      path: "/healthz",
      intervalMs: 100,
      timeoutMs: 1_000,
      unhealthyThreshold: 2,
      healthyThreshold: 1,
    };
    const cfg = config(
      [
        vhost(
          "web",
          ["web.test"],
          [rule("web#0", { "web/v1": 100 }, { mirror: { cluster: "shadow/v1", percent: 100 } })],
        ),
        vhost("shadow", ["shadow.test"], [rule("shadow#0", { "shadow/v1": 100 })]),
      ],
      [
        cluster("web/v1", [{ port: web.port }]),
        cluster("shadow/v1", [{ port: shadow.port }], { ...h2Port, trafficPolicy: { healthCheck } }),
      ],
    );
    proxy = createProxy({ nodeId: "h2-mirror", port: 0, snapshot: snapshot(1, cfg), logLevel: "silent" });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy?.stop(100);
    await web?.close();
    await shadow?.close();
  });

  it("health-checks the endpoint over HTTP/2, and marks it unhealthy when the probe fails", async () => {
    await eventually("an HTTP/2 probe", () => shadow.seen.some((s) => s.path === "/healthz"), 10_000, 20);
    const probe = shadow.seen.find((s) => s.path === "/healthz")!;
    expect(probe).toEqual({ path: "/healthz", authority: `127.0.0.1:${shadow.port}`, agent: "signalbox-health-check" });
    expect((await get(proxy.port, "/", { host: "shadow.test" })).status).toBe(200);
    const state = () => proxy.metricsDelta().endpoints.find((e) => e.port === shadow.port)?.state;
    expect(state()).toBe("healthy");
    healthz = 503;
    await eventually("the endpoint unhealthy", () => state() === "unhealthy", 10_000, 20);
    healthz = 200;
    await eventually("the endpoint healthy again", () => state() === "healthy", 10_000, 20);
  });

  it("mirrors an HTTP/1.1 request to the HTTP2 cluster over HTTP/2, with the -shadow host", async () => {
    const r = await get(proxy.port, "/mirrored?x=1", { host: "web.test" });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).upstream).toBe("web");
    const copy = await eventually(
      "the mirrored copy",
      () => shadow.seen.find((s) => s.path === "/mirrored?x=1"),
      10_000,
      20,
    );
    expect(copy.authority).toBe("web.test-shadow");
  });
});
