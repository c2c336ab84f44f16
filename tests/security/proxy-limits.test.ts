import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { rawExchange, startEchoUpstream, type EchoUpstream, statusOf } from "../helpers/raw-http.ts";
import { get } from "../helpers/upstreams.ts";

const web = (port: number, retries?: object) =>
  snapshot(
    1,
    config(
      [vhost("web", ["web.test"], [rule("web#0", { "web/v1": 100 }, retries ? { retries: retries as never } : {})])],
      [cluster("web/v1", [{ port }])],
    ),
  );

/** A connection that has sent nothing yet; resolves once connected. */
function idleConnection(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
}

/** Whether the proxy closes `s` (without an answer) within `ms`. */
function closedWithin(s: net.Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (s.destroyed) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    s.once("close", () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

describe("downstream connection limits", () => {
  let up: EchoUpstream;
  beforeAll(async () => {
    up = await startEchoUpstream("v1");
  });
  afterAll(async () => {
    await up?.close();
  });

  it("maxConnections refuses connections over the limit and takes new ones once others closed", async () => {
    const proxy = createProxy({
      nodeId: "maxconn",
      snapshot: web(up.port),
      port: 0,
      logLevel: "silent",
      maxConnections: 2,
    });
    await proxy.start();
    try {
      const held = [await idleConnection(proxy.port), await idleConnection(proxy.port)];
      const third = await idleConnection(proxy.port);
      expect(await closedWithin(third, 2_000)).toBe(true);
      for (const s of held) s.destroy();
      await eventually(
        "a connection accepted again",
        async () => (await get(proxy.port, "/")).status === 200,
        5_000,
        50,
      );
    } finally {
      await proxy.stop(500);
    }
  });

  it("maxConnectionsPerClient refuses a client's connections over its share", async () => {
    const proxy = createProxy({
      nodeId: "perclient",
      snapshot: web(up.port),
      port: 0,
      logLevel: "silent",
      maxConnectionsPerClient: 1,
    });
    await proxy.start();
    try {
      const first = await idleConnection(proxy.port);
      const second = await idleConnection(proxy.port);
      expect(await closedWithin(second, 2_000)).toBe(true);
      expect(first.destroyed).toBe(false);
      first.destroy();
      await eventually("the client's slot back", async () => (await get(proxy.port, "/")).status === 200, 5_000, 50);
    } finally {
      await proxy.stop(500);
    }
  });
});

describe("slow request bodies", () => {
  it("answers 408 to a request whose body stops arriving for longer than the body idle timeout", async () => {
    const up = await startEchoUpstream("v1");
    const proxy = createProxy({
      nodeId: "slowbody",
      snapshot: web(up.port),
      port: 0,
      logLevel: "silent",
      requestTimeoutMs: 30_000,
      bodyIdleTimeoutMs: 300,
    });
    await proxy.start();
    try {
      const t0 = Date.now();
      const { text, closed } = await rawExchange(
        proxy.port,
        "POST / HTTP/1.1\r\nHost: web.test\r\nContent-Length: 100\r\n\r\nonly ten b",
        5_000,
      );
      expect(closed).toBe(true);
      expect(Date.now() - t0).toBeLessThan(3_000);
      // Either the 408 (nothing sent yet) or a cut connection: never a request the upstream finished.
      expect([0, 408]).toContain(statusOf(text));
      expect(up.seen.filter((s) => s.method === "POST")).toEqual([]);
    } finally {
      await proxy.stop(500);
      await up.close();
    }
  });
});

describe("replay after a reset on a reused upstream socket", () => {
  let up: EchoUpstream;
  const perSocket = new WeakMap<object, number>();
  beforeAll(async () => {
    // Answers the first request of each connection, then drops the connection on the next one without answering.
    up = await startEchoUpstream("closer", (req) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (n < 2) return false;
      req.socket.destroy();
      return true;
    });
  });
  afterAll(async () => {
    await up?.close();
  });

  async function postAfterWarmUp(proxy: Proxy): Promise<{ status: number; posts: number }> {
    expect((await get(proxy.port, "/warm-up")).status).toBe(200);
    const before = up.seen.filter((s) => s.method === "POST").length;
    // No body: nothing stops a replay the way a streamed (unbuffered) body does.
    const r = await get(proxy.port, "/order", { "content-length": "0" }, "POST");
    return { status: r.status, posts: up.seen.filter((s) => s.method === "POST").length - before };
  }

  it("does not re-send a body-less POST without a retry policy: the client gets a 502", async () => {
    const proxy = createProxy({ nodeId: "noreplay", snapshot: web(up.port), port: 0, logLevel: "silent" });
    await proxy.start();
    try {
      expect(await postAfterWarmUp(proxy)).toEqual({ status: 502, posts: 1 });
    } finally {
      await proxy.stop(500);
    }
  });

  it("re-sends it when the rule's retry policy retries resets", async () => {
    const policy = { attempts: 1, retryOn: ["reset"], backoffBaseMs: 1, maxBufferedBodyBytes: 65_536 };
    const proxy = createProxy({ nodeId: "replay", snapshot: web(up.port, policy), port: 0, logLevel: "silent" });
    await proxy.start();
    try {
      expect(await postAfterWarmUp(proxy)).toEqual({ status: 200, posts: 2 });
    } finally {
      await proxy.stop(500);
    }
  });
});
