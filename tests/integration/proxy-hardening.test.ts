import { mkdtemp, rm, writeFile, rename } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { cluster, config, rule, snapshot, vhost, weightedSnapshot } from "../helpers/snapshot-builder.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";
import { startWsUpstream, type WsUpstream } from "../helpers/ws-upstream.ts";

/** Sends raw bytes and collects everything until the proxy closes the connection (bounded by a timeout). */
function raw(port: number, data: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1");
    let out = "";
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${JSON.stringify(out)}`));
    }, timeoutMs);
    s.on("data", (c) => (out += c.toString()));
    s.on("close", () => {
      clearTimeout(timer);
      resolve(out);
    });
    s.on("error", () => {});
    s.write(data);
  });
}

describe("hardening: framing, slow clients, swaps under load, upgrades, file config", () => {
  let v1: TestUpstream;
  let v2: TestUpstream;
  let wsUp: WsUpstream;
  let wsPort: number;
  let proxy: Proxy;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    v1 = await startUpstream("v1");
    v2 = await startUpstream("v2");
    wsUp = await startWsUpstream();
    wsPort = wsUp.port;
    dir = await mkdtemp(path.join(tmpdir(), "signalbox-cfg-"));
    file = path.join(dir, "snapshot.json");
    await writeFile(file, JSON.stringify(weightedSnapshot(1, "web.test", { "web/v1": 100 }, { "web/v1": v1.port })));
    proxy = createProxy({
      nodeId: "hard",
      port: 0,
      configFile: file,
      fileCheckIntervalMs: 50,
      headersTimeoutMs: 300,
      requestTimeoutMs: 800,
      logLevel: "silent",
    });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy?.stop(1_000);
    await Promise.all([v1?.close(), v2?.close(), wsUp?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it("loads --config and reloads it when the file is replaced", async () => {
    expect(proxy.currentVersion()).toBe(1);
    expect(JSON.parse((await get(proxy.port, "/")).body).upstream).toBe("v1");
    const tmp = `${file}.tmp`;
    await writeFile(tmp, JSON.stringify(weightedSnapshot(2, "web.test", { "web/v2": 100 }, { "web/v2": v2.port })));
    await rename(tmp, file);
    await proxy.waitForVersion(2, 5_000);
    expect(JSON.parse((await get(proxy.port, "/")).body).upstream).toBe("v2");
  });

  it("answers 400 to Content-Length together with Transfer-Encoding, and to conflicting Content-Length", async () => {
    const both = await raw(
      proxy.port,
      "POST / HTTP/1.1\r\nHost: web.test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    );
    expect(both).toMatch(/^HTTP\/1\.1 400 /);
    const conflicting = await raw(
      proxy.port,
      "POST / HTTP/1.1\r\nHost: web.test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    );
    expect(conflicting).toMatch(/^HTTP\/1\.1 400 /);
  });

  it("answers 431 to a request head over the header limit and forwards one under it", async () => {
    const big = (bytes: number) =>
      `GET / HTTP/1.1\r\nHost: web.test\r\nX-Big: ${"x".repeat(bytes)}\r\nConnection: close\r\n\r\n`;
    const seenBefore = v1.seen.length + v2.seen.length;
    expect(await raw(proxy.port, big(20 * 1024))).toMatch(/^HTTP\/1\.1 431 [^]*larger than 16384 bytes/);
    expect(v1.seen.length + v2.seen.length).toBe(seenBefore);
    expect(await raw(proxy.port, big(12 * 1024))).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("closes a slowloris connection that never finishes its headers with 408", async () => {
    const t0 = Date.now();
    const out = await raw(proxy.port, "GET / HTTP/1.1\r\nHost: web.test\r\nX-Slow: ", 5_000);
    expect(out).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it("closes a connection whose request body trickles past the request timeout", async () => {
    const t0 = Date.now();
    // The upstream answers only after the whole body, so nothing was sent yet when the timeout fires.
    const out = await raw(
      proxy.port,
      "POST / HTTP/1.1\r\nHost: web.test\r\nContent-Length: 100\r\n\r\nonly ten b",
      5_000,
    );
    expect(Date.now() - t0).toBeLessThan(4_000);
    expect(out).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("cuts (never appends a 408 to) a response already under way when the request timeout fires", async () => {
    const out = await raw(
      proxy.port,
      "POST /echo HTTP/1.1\r\nHost: web.test\r\nContent-Length: 100\r\n\r\nonly ten b",
      5_000,
    );
    expect(out).toMatch(/^HTTP\/1\.1 200 /);
    expect(out).not.toContain("408");
  });

  it("swaps snapshots under load without a failed request", async () => {
    let stop = false;
    let failures = 0;
    let total = 0;
    const seen = new Set<string>();
    const worker = async () => {
      while (!stop) {
        const r = await get(proxy.port, "/").catch(() => ({ status: 0, body: "{}" }));
        total++;
        if (r.status !== 200) failures++;
        else seen.add(JSON.parse(r.body).upstream);
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    const ports = { "web/v1": v1.port, "web/v2": v2.port };
    for (let v = 10; v < 30; v++) {
      const weights = v % 2 === 0 ? { "web/v1": 100, "web/v2": 0 } : { "web/v1": 0, "web/v2": 100 };
      expect(proxy.applySnapshot(weightedSnapshot(v, "web.test", weights, ports))).toMatchObject({ ok: true });
      const before = total;
      await eventually("10 requests after the swap", () => total >= before + 10, 5_000, 10);
    }
    stop = true;
    await Promise.all(workers);
    expect(total).toBeGreaterThan(200);
    expect(failures).toBe(0);
    expect(seen).toEqual(new Set(["v1", "v2"]));
  });

  it("passes WebSocket upgrades through in both directions", async () => {
    expect(
      proxy.applySnapshot(weightedSnapshot(40, "web.test", { "web/ws": 100 }, { "web/ws": wsPort })),
    ).toMatchObject({ ok: true });
    const { res, socket } = await upgradeThrough(proxy.port, "/chat");
    expect(res.statusCode).toBe(101);
    expect(res.headers["sec-websocket-accept"]).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    expect(res.headers["x-signalbox-upstream"]).toBe("web/ws");
    const echoed = await new Promise<string>((resolve) => {
      socket.once("data", (c: Buffer) => resolve(c.toString()));
      socket.write("hello through the proxy");
    });
    expect(echoed).toBe("HELLO THROUGH THE PROXY");
    socket.destroy();
  });

  it("routes an upgrade by its query parameters, as it routes a request", async () => {
    const byRoom = { methods: [], headers: [], queryParams: [{ name: "room", type: "exact" as const, value: "a" }] };
    const cfg = config(
      [
        vhost(
          "web",
          ["web.test"],
          [rule("web#0", { "web/ws": 100 }, { matches: [byRoom] }), rule("web#1", { "web/v1": 100 })],
        ),
      ],
      [cluster("web/ws", [{ port: wsPort }]), cluster("web/v1", [{ port: v1.port }])],
    );
    expect(proxy.applySnapshot(snapshot(41, cfg))).toMatchObject({ ok: true });
    const { res, socket } = await upgradeThrough(proxy.port, "/chat?room=a");
    socket.destroy();
    expect(res.statusCode).toBe(101);
    expect(res.headers["x-signalbox-upstream"]).toBe("web/ws");
  });
});

/** A WebSocket handshake through the proxy: the 101 response and the upgraded socket. */
function upgradeThrough(port: number, urlPath: string): Promise<{ res: http.IncomingMessage; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      path: urlPath,
      headers: {
        host: "web.test",
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
      },
    });
    req.on("upgrade", (res, socket) => resolve({ res, socket }));
    req.on("response", (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on("error", reject);
    req.end();
  });
}
