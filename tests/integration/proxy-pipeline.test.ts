import { randomBytes, createHash } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { closedPort, get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

describe("request pipeline: forwarding, headers, errors", () => {
  let v1: TestUpstream;
  let slow: TestUpstream;
  let proxy: Proxy;
  let version = 1;
  /** Upstream responses of `slow` cut off before they were sent (the proxy hung up on the upstream). */
  let slowCancelled = 0;

  const apply = (rules: Parameters<typeof vhost>[2], extraClusters: ReturnType<typeof cluster>[] = []) => {
    const cfg = config(
      [vhost("web", ["web.test"], rules)],
      [cluster("web/v1", [{ port: v1.port }]), cluster("web/slow", [{ port: slow.port }]), ...extraClusters],
    );
    const r = proxy.applySnapshot(snapshot(++version, cfg));
    expect(r).toMatchObject({ ok: true });
  };

  beforeAll(async () => {
    v1 = await startUpstream("v1");
    // Answers after ?delay= ms: a time that the route timeout or the client's abort must cut short.
    slow = await startUpstream("slow", (req, res) => {
      const ms = Number(new URL(req.url ?? "/", "http://x").searchParams.get("delay") ?? 0);
      const t = setTimeout(() => res.end("late"), ms);
      res.on("close", () => {
        clearTimeout(t);
        if (!res.writableFinished) slowCancelled++;
      });
      return true;
    });
    const cfg = config(
      [vhost("web", ["web.test"], [rule("web#0", { "web/v1": 100 })])],
      [cluster("web/v1", [{ port: v1.port }])],
    );
    proxy = createProxy({ nodeId: "pipe", snapshot: snapshot(1, cfg), port: 0, logLevel: "silent" });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy?.stop(1_000);
    await Promise.all([v1?.close(), slow?.close()]);
  });

  it("streams a large POST body both ways unchanged", async () => {
    apply([rule("web#0", { "web/v1": 100 })]);
    const body = randomBytes(8 * 1024 * 1024);
    const digest = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: proxy.port,
          path: "/echo",
          method: "POST",
          headers: { host: "web.test", "transfer-encoding": "chunked" },
        },
        (res) => {
          const h = createHash("sha256");
          let size = 0;
          res.on("data", (c: Buffer) => {
            size += c.length;
            h.update(c);
          });
          res.on("end", () =>
            size === body.length ? resolve(h.digest("hex")) : reject(new Error(`got ${size} bytes`)),
          );
        },
      );
      req.on("error", reject);
      // Write in chunks so the body really streams instead of arriving as one buffer.
      for (let off = 0; off < body.length; off += 64 * 1024) req.write(body.subarray(off, off + 64 * 1024));
      req.end();
    });
    expect(digest).toBe(createHash("sha256").update(body).digest("hex"));
  });

  it("keeps an incoming x-request-id and generates one otherwise; sets x-forwarded-*", async () => {
    const kept = await get(proxy.port, "/", { "x-request-id": "abc-123", "x-forwarded-for": "10.0.0.1" });
    expect(kept.headers["x-request-id"]).toBe("abc-123");
    expect(JSON.parse(kept.body).requestId).toBe("abc-123");
    expect(JSON.parse(kept.body).xff).toBe("10.0.0.1, 127.0.0.1");
    const fresh = await get(proxy.port, "/");
    expect(fresh.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(fresh.body).requestId).toBe(fresh.headers["x-request-id"]);
    const seen = v1.seen.at(-1)!;
    expect(seen.headers["x-forwarded-proto"]).toBe("http");
    expect(seen.headers["x-forwarded-host"]).toBe("web.test");
  });

  it("strips hop-by-hop headers, including those named in Connection", async () => {
    await get(proxy.port, "/hop", {
      connection: "keep-alive, x-secret-hop",
      "x-secret-hop": "1",
      "proxy-authorization": "Basic x",
      te: "trailers",
    });
    const seen = v1.seen.at(-1)!;
    expect(seen.url).toBe("/hop");
    expect(seen.headers["x-secret-hop"]).toBeUndefined();
    expect(seen.headers["proxy-authorization"]).toBeUndefined();
    expect(seen.headers.te).toBeUndefined();
  });

  it("answers 404 with a short text body when no route matches", async () => {
    const r = await get(proxy.port, "/", { host: "unknown.test" });
    expect(r.status).toBe(404);
    expect(r.body).toBe("no route\n");
  });

  it("answers 503 when the upstream refuses connections", async () => {
    apply([rule("web#0", { "web/dead": 100 })], [cluster("web/dead", [{ port: await closedPort() }])]);
    const r = await get(proxy.port, "/");
    expect(r.status).toBe(503);
    expect(r.headers["x-signalbox-upstream"]).toBe("web/dead");
  });

  it("answers 504 when the route timeout expires, and cancels the upstream request", async () => {
    apply([rule("web#0", { "web/slow": 100 }, { timeoutMs: 100 })]);
    const t0 = Date.now();
    const r = await get(proxy.port, "/?delay=3000");
    expect(r.status).toBe(504);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it("cancels the upstream request when the client aborts", async () => {
    apply([rule("web#0", { "web/slow": 100 })]);
    const before = slow.seen.length;
    const cancelledBefore = slowCancelled;
    const req = http.request({
      host: "127.0.0.1",
      port: proxy.port,
      path: "/?delay=30000",
      headers: { host: "web.test" },
    });
    req.on("error", () => {});
    req.end();
    // Wait until the proxy really is waiting on the upstream, then hang up.
    await eventually("the request at the upstream", () => slow.seen.length > before, 5_000, 10);
    req.destroy();
    await eventually("the upstream request cancelled", () => slowCancelled > cancelledBefore, 5_000, 10);
    expect(slowCancelled).toBe(cancelledBefore + 1);
    const active = () => proxy.stats().clusters.find((c) => c.name === "web/slow")!.endpoints[0]!.active;
    await eventually("no request active on the upstream", () => active() === 0, 5_000, 10);
  });
});

describe("upstream failing mid-response", () => {
  it("cuts the client connection instead of ending the response as if it were complete", async () => {
    // The upstream sends part of its body and dies once the client has received that part.
    let die = () => {};
    const up = await startUpstream("dies", (req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
      die = () => req.socket.destroy();
      return true;
    });
    const cfg = config(
      [vhost("web", ["web.test"], [rule("web#0", { "web/v1": 100 })])],
      [cluster("web/v1", [{ port: up.port }])],
    );
    const proxy = createProxy({ nodeId: "dies", snapshot: snapshot(1, cfg), port: 0, logLevel: "silent" });
    await proxy.start();
    try {
      const outcome = await new Promise<string>((resolve) => {
        const req = http.get(
          { host: "127.0.0.1", port: proxy.port, path: "/", headers: { host: "web.test" } },
          (res) => {
            let body = "";
            res.on("data", (c: Buffer) => {
              body += c.toString();
              if (body === "partial") die();
            });
            res.on("end", () => resolve(`complete:${body}`));
            res.on("error", () => resolve(`cut:${body}`));
            res.on("aborted", () => resolve(`cut:${body}`));
          },
        );
        req.on("error", () => resolve("cut"));
      });
      expect(outcome).toBe("cut:partial");
    } finally {
      await proxy.stop(500);
      await up.close();
    }
  });
});

describe("stale keep-alive sockets", () => {
  it("retries transparently once when the upstream closed a pooled socket as it was reused", async () => {
    const perSocket = new WeakMap<object, number>();
    // Answers the first request of each connection, then drops the connection on the next one without answering:
    // what a proxy sees when an upstream's keep-alive timeout fires just as a request goes out.
    const up = await startUpstream("closer", (req) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (n >= 2) {
        req.socket.destroy();
        return true;
      }
      return false;
    });
    const cfg = config(
      [vhost("web", ["web.test"], [rule("web#0", { "web/v1": 100 })])],
      [cluster("web/v1", [{ port: up.port }])],
    );
    const proxy = createProxy({ nodeId: "stale", snapshot: snapshot(1, cfg), port: 0, logLevel: "silent" });
    await proxy.start();
    try {
      for (let i = 0; i < 5; i++) expect((await get(proxy.port, "/")).status).toBe(200);
      expect(up.seen.length).toBe(9); // 5 answered + 4 dropped on reused sockets
    } finally {
      await proxy.stop(500);
      await up.close();
    }
  });
});
