import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouteRuleSchema } from "../../lib/core/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { headerValues, rawExchange, startEchoUpstream, type EchoUpstream, statusOf } from "../helpers/raw-http.ts";

describe("request header hygiene", () => {
  let up: EchoUpstream;
  let other: EchoUpstream;
  let proxy: Proxy;

  beforeAll(async () => {
    up = await startEchoUpstream("web");
    other = await startEchoUpstream("other");
    const cfg = config(
      [
        vhost("web", ["web.test"], [rule("web#0", { "web/v1": 100 })]),
        vhost("other", ["other.test"], [rule("other#0", { "other/v1": 100 })]),
      ],
      [cluster("web/v1", [{ port: up.port }]), cluster("other/v1", [{ port: other.port }])],
    );
    proxy = createProxy({ nodeId: "headers", snapshot: snapshot(1, cfg), port: 0, logLevel: "silent" });
    await proxy.start();
  });
  afterAll(async () => {
    await proxy?.stop(500);
    await Promise.all([up?.close(), other?.close()]);
  });

  it("answers 400 to a request with two Host fields, and forwards nothing", async () => {
    const before = up.seen.length + other.seen.length;
    const { text } = await rawExchange(
      proxy.port,
      "GET / HTTP/1.1\r\nHost: web.test\r\nHost: other.test\r\nConnection: close\r\n\r\n",
    );
    expect(statusOf(text)).toBe(400);
    expect(up.seen.length + other.seen.length).toBe(before);
  });

  it("answers 400 when the Host disagrees with an absolute-form target", async () => {
    const before = up.seen.length + other.seen.length;
    const { text } = await rawExchange(
      proxy.port,
      "GET http://other.test/ HTTP/1.1\r\nHost: web.test\r\nConnection: close\r\n\r\n",
    );
    expect(statusOf(text)).toBe(400);
    expect(up.seen.length + other.seen.length).toBe(before);
  });

  it("routes an absolute-form target whose authority matches the Host (case and default port aside)", async () => {
    const { text } = await rawExchange(
      proxy.port,
      "GET http://OTHER.test:80/x HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n",
    );
    expect(statusOf(text)).toBe(200);
    expect(other.seen.at(-1)!.url).toBe("/x");
  });

  it("keeps its own X-Forwarded-For even when Connection names it", async () => {
    const { text } = await rawExchange(
      proxy.port,
      "GET / HTTP/1.1\r\nHost: web.test\r\nX-Forwarded-For: 10.9.9.9\r\nConnection: close, x-forwarded-for, x-request-id, x-drop-me\r\nX-Drop-Me: 1\r\n\r\n",
    );
    expect(statusOf(text)).toBe(200);
    const seen = up.seen.at(-1)!;
    // The client's own value goes with the field it asked to drop; the proxy's hop is appended as always.
    expect(headerValues(seen.rawHeaders, "x-forwarded-for")).toEqual(["127.0.0.1"]);
    expect(headerValues(seen.rawHeaders, "x-request-id")).toHaveLength(1);
    expect(headerValues(seen.rawHeaders, "x-drop-me")).toEqual([]);
    expect(headerValues(seen.rawHeaders, "host")).toEqual(["web.test"]);
  });

  it("refuses CR, LF and NUL in header names and values of the model (never written)", () => {
    const ops = (set: Record<string, string>) => ({ name: "", requestHeaders: { set, add: {}, remove: [] } });
    expect(RouteRuleSchema.safeParse(ops({ "x-ok": "fine value" })).success).toBe(true);
    const bads: Record<string, string>[] = [
      { "x-a": "v\r\nInjected: 1" },
      { "x-a": "v\nx" },
      { "x-a": "v\u0000" },
      { "x-a\r\nb": "v" },
    ];
    for (const bad of bads) expect(RouteRuleSchema.safeParse(ops(bad)).success, JSON.stringify(bad)).toBe(false);
    const cors = {
      name: "",
      cors: { allowOrigins: [], allowMethods: ["GET\r\nX: y"], allowHeaders: [], exposeHeaders: [] },
    };
    expect(RouteRuleSchema.safeParse(cors).success).toBe(false);
    const redirect = { name: "", redirect: { uri: "/a\r\nSet-Cookie: x=1", responseCode: 301 } };
    expect(RouteRuleSchema.safeParse(redirect).success).toBe(false);
  });

  it("the proxy refuses a snapshot that would write a header value with CR LF", () => {
    const bad = config(
      [
        vhost(
          "web",
          ["web.test"],
          [
            rule(
              "web#0",
              { "web/v1": 100 },
              { requestHeaders: { set: { "x-a": "1\r\nx-b: 2" }, add: {}, remove: [] } },
            ),
          ],
        ),
      ],
      [cluster("web/v1", [{ port: up.port }])],
    );
    const result = proxy.applySnapshot(snapshot(2, bad));
    expect(result.ok).toBe(false);
    expect(proxy.currentVersion()).toBe(1);
  });
});

describe("X-Forwarded-For and the client address (xffTrustedHops)", () => {
  let a: EchoUpstream;
  let b: EchoUpstream;
  beforeAll(async () => {
    a = await startEchoUpstream("a");
    b = await startEchoUpstream("b");
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  /** A cluster of two endpoints hashed on the client address: where each request lands shows which one was used. */
  const hashed = () =>
    snapshot(
      1,
      config(
        [vhost("web", ["web.test"], [rule("web#0", { "web/v1": 100 })])],
        [
          cluster("web/v1", [{ port: a.port }, { port: b.port }], {
            trafficPolicy: { loadBalancer: { type: "CONSISTENT_HASH", hashOn: { kind: "sourceIp" } } },
          }),
        ],
      ),
    );
  const send = (port: number, xff: string) =>
    rawExchange(port, `GET / HTTP/1.1\r\nHost: web.test\r\nX-Forwarded-For: ${xff}\r\nConnection: close\r\n\r\n`);

  it("with 0 trusted hops (default) the peer is the client: a forged X-Forwarded-For moves nothing", async () => {
    const proxy = createProxy({ nodeId: "xff0", snapshot: hashed(), port: 0, logLevel: "silent" });
    await proxy.start();
    try {
      const before = [a.seen.length, b.seen.length];
      for (let i = 0; i < 16; i++) expect(statusOf((await send(proxy.port, `10.0.0.${i}`)).text)).toBe(200);
      const hits = [a.seen.length - before[0]!, b.seen.length - before[1]!];
      expect(hits.sort()).toEqual([0, 16]);
      const last = [...a.seen, ...b.seen].find(
        (s) => headerValues(s.rawHeaders, "x-forwarded-for")[0] === "10.0.0.15, 127.0.0.1",
      );
      expect(last).toBeDefined();
    } finally {
      await proxy.stop(500);
    }
  });

  it("with 1 trusted hop the last address the trusted proxy appended is the client", async () => {
    const proxy = createProxy({ nodeId: "xff1", snapshot: hashed(), port: 0, logLevel: "silent", xffTrustedHops: 1 });
    await proxy.start();
    try {
      const landed = new Map<string, string>();
      for (let i = 0; i < 16; i++) {
        const before = a.seen.length;
        expect(statusOf((await send(proxy.port, `198.51.100.7, 10.0.0.${i}`)).text)).toBe(200);
        landed.set(`10.0.0.${i}`, a.seen.length > before ? "a" : "b");
        // The same client lands on the same endpoint again.
        const again = a.seen.length;
        await send(proxy.port, `203.0.113.9, 10.0.0.${i}`);
        expect(a.seen.length > again ? "a" : "b").toBe(landed.get(`10.0.0.${i}`));
      }
      expect(new Set(landed.values()).size).toBe(2);
    } finally {
      await proxy.stop(500);
    }
  });
});
