import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy, type ProxyOptions } from "../../proxy/create-proxy.ts";
import { cluster, config, rule, snapshot, vhost } from "../helpers/snapshot-builder.ts";
import { rawExchange, startEchoUpstream, type EchoUpstream, statusOf } from "../helpers/raw-http.ts";

/** `prefix /admin` is denied with a direct 403; everything else goes to the echo upstream. */
const denyAdmin = (port: number) =>
  snapshot(
    1,
    config(
      [
        vhost(
          "web",
          ["web.test"],
          [
            rule(
              "web#deny",
              {},
              {
                matches: [{ uri: { type: "prefix", value: "/admin" }, methods: [], headers: [], queryParams: [] }],
                directResponse: { status: 403, body: "denied\n" },
              },
            ),
            rule("web#all", { "web/v1": 100 }),
          ],
        ),
      ],
      [cluster("web/v1", [{ port }])],
    ),
  );

const get = (target: string, extra = "") =>
  `GET ${target} HTTP/1.1\r\nHost: web.test\r\n${extra}Connection: close\r\n\r\n`;

async function started(up: EchoUpstream, o: Partial<ProxyOptions> = {}): Promise<Proxy> {
  const proxy = createProxy({ nodeId: "paths", snapshot: denyAdmin(up.port), port: 0, logLevel: "silent", ...o });
  await proxy.start();
  return proxy;
}

describe("path normalization before matching (default settings)", () => {
  let up: EchoUpstream;
  let proxy: Proxy;

  beforeAll(async () => {
    up = await startEchoUpstream("v1");
    proxy = await started(up);
  });
  afterAll(async () => {
    await proxy?.stop(500);
    await up?.close();
  });

  it.each([
    "/./admin",
    "/x/../admin",
    "/%61dmin",
    "//admin",
    "/%2e/admin",
    "/x/%2E%2E/admin",
    "/../admin",
    "/a/..//admin",
    "/\\admin",
    "/x\\..\\admin",
  ])("a prefix /admin deny rule holds for %s", async (target) => {
    const before = up.seen.length;
    const { text } = await rawExchange(proxy.port, get(target));
    expect(statusOf(text)).toBe(403);
    expect(up.seen.length).toBe(before);
  });

  it("denies an absolute-form target by its path, not by the whole URL", async () => {
    const { text } = await rawExchange(proxy.port, get("http://web.test/admin"));
    expect(statusOf(text)).toBe(403);
  });

  it("forwards the normalized path and leaves the query string alone", async () => {
    const { text } = await rawExchange(proxy.port, get("/a/./b/../c//d/%7Euser%2fx?q=/../y%41"));
    expect(statusOf(text)).toBe(200);
    expect(up.seen.at(-1)!.url).toBe("/a/c/d/~user%2Fx?q=/../y%41");
  });

  it("drops a fragment (clients must not send one) instead of forwarding it", async () => {
    const { text } = await rawExchange(proxy.port, get("/p#/../admin"));
    expect(statusOf(text)).toBe(200);
    expect(up.seen.at(-1)!.url).toBe("/p");
  });

  it("forwards an absolute-form target in origin form", async () => {
    const { text } = await rawExchange(proxy.port, get("http://web.test/p/../q?x=1"));
    expect(statusOf(text)).toBe(200);
    expect(up.seen.at(-1)!.url).toBe("/q?x=1");
  });

  it("refuses %00 in the path with 400", async () => {
    const before = up.seen.length;
    const { text } = await rawExchange(proxy.port, get("/a%00b"));
    expect(statusOf(text)).toBe(400);
    expect(up.seen.length).toBe(before);
  });

  it("keeps an escaped slash (%2F) by default: /admin%2Fx is not /admin/x, and reaches the upstream as sent", async () => {
    const { text } = await rawExchange(proxy.port, get("/x%2F..%2Fadmin"));
    expect(statusOf(text)).toBe(200);
    expect(up.seen.at(-1)!.url).toBe("/x%2F..%2Fadmin");
  });
});

describe("path normalization settings", () => {
  let up: EchoUpstream;
  beforeAll(async () => {
    up = await startEchoUpstream("v1");
  });
  afterAll(async () => {
    await up?.close();
  });

  it("escapedSlashes reject answers 400 to %2F and %5C", async () => {
    const proxy = await started(up, { escapedSlashes: "reject" });
    try {
      for (const target of ["/a%2Fb", "/a%5cb", "/a%2fb"]) {
        const { text } = await rawExchange(proxy.port, get(target));
        expect(statusOf(text), target).toBe(400);
      }
      expect(statusOf((await rawExchange(proxy.port, get("/a/b"))).text)).toBe(200);
    } finally {
      await proxy.stop(500);
    }
  });

  it("decode-and-merge-slashes decodes %2F and %5C before matching", async () => {
    const proxy = await started(up, { pathNormalization: "decode-and-merge-slashes" });
    try {
      for (const target of ["/%2Fadmin", "/x%2F..%2Fadmin", "/x%5C..%5Cadmin"]) {
        const { text } = await rawExchange(proxy.port, get(target));
        expect(statusOf(text), target).toBe(403);
      }
    } finally {
      await proxy.stop(500);
    }
  });

  it("none forwards the path exactly as received (and the deny rule sees it raw)", async () => {
    const proxy = await started(up, { pathNormalization: "none" });
    try {
      const { text } = await rawExchange(proxy.port, get("/x/../admin"));
      expect(statusOf(text)).toBe(200);
      expect(up.seen.at(-1)!.url).toBe("/x/../admin");
    } finally {
      await proxy.stop(500);
    }
  });

  it("base does not merge slashes", async () => {
    const proxy = await started(up, { pathNormalization: "base" });
    try {
      const { text } = await rawExchange(proxy.port, get("/a//b/./c"));
      expect(statusOf(text)).toBe(200);
      expect(up.seen.at(-1)!.url).toBe("/a//b/c");
    } finally {
      await proxy.stop(500);
    }
  });
});
