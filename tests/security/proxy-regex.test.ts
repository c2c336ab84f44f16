import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMesh, validateMesh } from "../../lib/core/validate/index.ts";
import { bookinfoMesh } from "../../lib/core/demo/bookinfo.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { startProxyChild, type ProxyChild } from "../helpers/proxy-child.ts";
import { startEchoUpstream, type EchoUpstream } from "../helpers/raw-http.ts";

/** Valid RE2 (Istio accepts it), catastrophic for a backtracking engine on "/r/aaa…a!". */
const HOSTILE = "/r/([a-z0-9]+-?)+";

function timedGet(
  port: number,
  host: string,
  path: string,
  timeoutMs: number,
): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const req = http.get(
      { port, host: "127.0.0.1", path, headers: { host }, timeout: timeoutMs, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ status: 0, ms: performance.now() - t0 }));
  });
}

describe("route regexes are matched in linear time", () => {
  let up: EchoUpstream;
  let proxy: ProxyChild;

  beforeAll(async () => {
    up = await startEchoUpstream("v1");
    const uri = { type: "regex" as const, value: HOSTILE };
    const cfg = config(
      [
        vhost(
          "hostile",
          ["hostile.test"],
          [rule("hostile#0", { "web/v1": 100 }, { matches: [{ uri, methods: [], headers: [], queryParams: [] }] })],
        ),
        vhost("other", ["other.test"], [rule("other#0", { "web/v1": 100 })]),
      ],
      [cluster("web/v1", [{ port: up.port }])],
    );
    proxy = await startProxyChild(snapshot(1, cfg));
  });
  afterAll(async () => {
    await proxy?.kill();
    await up?.close();
  });

  it("a hostile path does not stall the proxy: another host is answered within 100 ms meanwhile", async () => {
    // Warm every path the timed part takes (module loading, JIT, first connections), so it measures the steady state.
    for (let i = 0; i < 10; i++) {
      expect((await timedGet(proxy.port, "other.test", "/", 5_000)).status).toBe(200);
      expect((await timedGet(proxy.port, "hostile.test", "/r/abc-def", 5_000)).status).toBe(200);
      expect((await timedGet(proxy.port, "hostile.test", "/r/abc!", 5_000)).status).toBe(404);
    }
    const hostile = timedGet(proxy.port, "hostile.test", `/r/${"a".repeat(40)}!`, 10_000);
    const others = await Promise.all(
      Array.from({ length: 5 }, (_, i) => timedGet(proxy.port, "other.test", `/?i=${i}`, 2_000)),
    );
    for (const o of others) {
      expect(o.status).toBe(200);
      expect(o.ms).toBeLessThan(100);
    }
    const h = await hostile;
    expect(h.status).toBe(404); // no rule matched: the regex answered "no" quickly
    expect(h.ms).toBeLessThan(1_000);
  });
});

describe("route regexes are RE2: what RE2 refuses is refused at write time", () => {
  const withUri = (value: string) => {
    const mesh = bookinfoMesh();
    const route = mesh.routes[0]!;
    route.rules[0]!.matches = [{ uri: { type: "regex", value }, methods: [], headers: [], queryParams: [] }];
    return mesh;
  };

  it.each([
    ["backreference", "/(a)\\1"],
    ["lookahead", "/(?=admin)"],
    ["negative lookahead", "/(?!admin).*"],
    ["lookbehind", "/(?<=x)y"],
    ["possessive quantifier", "/a++"],
    ["atomic group", "/(?>a)"],
  ])("refuses a %s with SB108 and the field path", (_what, value) => {
    const parsed = parseMesh(withUri(value));
    expect(parsed.ok).toBe(true);
    const issues = validateMesh(parsed.ok ? parsed.mesh : withUri(value));
    const re2 = issues.filter((i) => i.code === "SB108");
    expect(re2).toHaveLength(1);
    expect(re2[0]!.path).toEqual(["routes", 0, "rules", 0, "matches", 0, "uri", "value"]);
  });

  it("accepts the RE2 pattern that stalled the old engine", () => {
    const parsed = parseMesh(withUri(HOSTILE));
    expect(parsed.ok && validateMesh(parsed.mesh).filter((i) => i.severity === "error")).toEqual([]);
  });
});
