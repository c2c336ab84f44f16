import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { headerValues, rawExchange, startEchoUpstream, type EchoUpstream, statusOf } from "../helpers/raw-http.ts";
import { startWsUpstream, type WsUpstream } from "../helpers/ws-upstream.ts";

const prefix = (value: string) => ({
  uri: { type: "prefix" as const, value },
  methods: [],
  headers: [],
  queryParams: [],
});

const wsHandshake = (host: string, path: string, connection = "Upgrade") =>
  `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: ${connection}\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

/** Opens a tunnel through the proxy: resolves with the socket once the 101 head arrived (rejects on anything else). */
function openTunnel(port: number, host: string, path: string): Promise<{ socket: net.Socket; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let got = "";
    const onData = (c: Buffer) => {
      got += c.toString("latin1");
      const end = got.indexOf("\r\n\r\n");
      if (end === -1) return;
      socket.off("data", onData);
      if (statusOf(got) === 101) resolve({ socket, head: got.slice(0, end) });
      else {
        socket.destroy();
        reject(new Error(`no 101: ${got}`));
      }
    };
    socket.on("data", onData);
    socket.on("error", reject);
    socket.write(wsHandshake(host, path));
  });
}

describe("Upgrade requests run the route's whole policy", () => {
  let ws: WsUpstream;
  let echo: EchoUpstream;
  let proxy: Proxy;

  beforeAll(async () => {
    ws = await startWsUpstream();
    echo = await startEchoUpstream("echo");
    const cfg = config(
      [
        vhost(
          "ws",
          ["ws.test"],
          [
            rule("ws#deny", {}, { matches: [prefix("/admin")], directResponse: { status: 403, body: "denied\n" } }),
            rule(
              "ws#fault",
              { "ws/v1": 100 },
              { matches: [prefix("/faulty")], fault: { abort: { percent: 100, httpStatus: 503 } } },
            ),
            rule("ws#none", { "ws/v1": 100 }, { matches: [prefix("/no-upgrades")], upgrades: [] }),
            rule("ws#0", { "ws/v1": 100 }, { requestHeaders: { set: { "x-policy": "ran" }, add: {}, remove: [] } }),
          ],
        ),
        vhost(
          "echo",
          ["echo.test"],
          [rule("echo#0", { "echo/v1": 100 }, { fault: { abort: { percent: 100, httpStatus: 418 } } })],
        ),
        vhost("plain", ["plain.test"], [rule("plain#0", { "echo/v1": 100 })]),
      ],
      [cluster("ws/v1", [{ port: ws.port }]), cluster("echo/v1", [{ port: echo.port }])],
    );
    proxy = createProxy({
      nodeId: "upgrades",
      snapshot: snapshot(1, cfg),
      port: 0,
      logLevel: "silent",
      upgradeIdleTimeoutMs: 300,
    });
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.stop(500);
    await Promise.all([ws?.close(), echo?.close()]);
  });

  it("an Upgrade: x request gets the route's fault like any request", async () => {
    const before = echo.seen.length;
    const { text } = await rawExchange(
      proxy.port,
      "GET / HTTP/1.1\r\nHost: echo.test\r\nConnection: Upgrade, close\r\nUpgrade: x\r\n\r\n",
    );
    expect(statusOf(text)).toBe(418);
    expect(echo.seen.length).toBe(before);
  });

  it("a non-WebSocket upgrade is served as plain HTTP, body included, without the Upgrade header", async () => {
    const { text } = await rawExchange(
      proxy.port,
      "POST /p HTTP/1.1\r\nHost: plain.test\r\nConnection: Upgrade, keep-alive\r\nUpgrade: h2c\r\nContent-Length: 5\r\n\r\nhello" +
        "GET /second HTTP/1.1\r\nHost: plain.test\r\nConnection: close\r\n\r\n",
    );
    expect(text.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
    // Pipelined requests go upstream side by side: find each by what it is.
    const post = echo.seen.find((s) => s.method === "POST" && s.url === "/p");
    expect(post?.body).toBe("hello");
    expect(headerValues(post!.rawHeaders, "upgrade")).toEqual([]);
    expect(echo.seen.some((s) => s.url === "/second")).toBe(true);
  });

  it("a WebSocket handshake to a denied path gets the direct response, and never reaches the upstream", async () => {
    const before = ws.handshakes.length;
    const { text } = await rawExchange(proxy.port, wsHandshake("ws.test", "/admin/socket"));
    expect(statusOf(text)).toBe(403);
    expect(ws.handshakes.length).toBe(before);
  });

  it("a WebSocket handshake gets the route's fault abort", async () => {
    const { text } = await rawExchange(proxy.port, wsHandshake("ws.test", "/faulty"));
    expect(statusOf(text)).toBe(503);
  });

  it("a rule with upgrades: [] serves a WebSocket handshake as plain HTTP", async () => {
    const { text } = await rawExchange(proxy.port, wsHandshake("ws.test", "/no-upgrades", "Upgrade, close"));
    expect(statusOf(text)).toBe(426); // the upstream's plain-HTTP answer: it never saw an Upgrade
    expect(ws.handshakes.at(-1)?.url).not.toBe("/no-upgrades");
  });

  it("a tunnelled handshake carries the rule's header operations and is counted in the metrics", async () => {
    const { socket } = await openTunnel(proxy.port, "ws.test", "/chat");
    socket.write("ping");
    const echoed = await new Promise<string>((r) => socket.once("data", (c: Buffer) => r(c.toString())));
    expect(echoed).toBe("PING");
    expect(headerValues(ws.handshakes.at(-1)!.rawHeaders, "x-policy")).toEqual(["ran"]);
    socket.destroy();
    await eventually("the tunnel in the route's metrics", () =>
      proxy.stats().routes.some((r) => r.route === "ws#0" && r.cluster === "ws/v1" && r.requests >= 1),
    );
  });

  it("closes a tunnel idle for longer than the upgrade idle timeout", async () => {
    const { socket } = await openTunnel(proxy.port, "ws.test", "/idle");
    const t0 = Date.now();
    await new Promise<void>((r) => socket.once("close", () => r()));
    expect(Date.now() - t0).toBeLessThan(3_000);
  });
});

describe("an upstream 101 for a request that did not ask to upgrade", () => {
  it("is refused with 502", async () => {
    const rogue = net.createServer((s) => {
      s.once("data", () =>
        s.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nraw bytes"),
      );
      s.on("error", () => undefined);
    });
    await new Promise<void>((r) => rogue.listen(0, "127.0.0.1", r));
    const port = (rogue.address() as net.AddressInfo).port;
    const cfg = config(
      [vhost("web", ["web.test"], [rule("web#0", { "web/v1": 100 })])],
      [cluster("web/v1", [{ port }])],
    );
    const proxy = createProxy({ nodeId: "rogue", snapshot: snapshot(1, cfg), port: 0, logLevel: "silent" });
    await proxy.start();
    try {
      const { text } = await rawExchange(
        proxy.port,
        "GET / HTTP/1.1\r\nHost: web.test\r\nConnection: close\r\n\r\n",
        3_000,
      );
      expect(statusOf(text)).toBe(502);
      expect(text).not.toContain("raw bytes");
    } finally {
      await proxy.stop(500);
      await new Promise((r) => rogue.close(r));
    }
  });
});
