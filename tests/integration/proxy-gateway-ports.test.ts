import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort } from "../helpers/ports.ts";
import { startProxyChild } from "../helpers/proxy-child.ts";
import { viaProxy } from "../helpers/traffic.ts";
import { recordingLogger } from "../helpers/recording-logger.ts";
import { startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

let upstream: TestUpstream;
let proxy: Proxy;
const logs = recordingLogger();

const snapshot = (version: number, ports: number[]) =>
  buildSnapshot(
    MeshConfigSchema.parse({
      services: [
        {
          name: "web",
          host: "web.test",
          versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: upstream.port }] }],
        },
      ],
      gateways: [{ name: "edge", listeners: ports.map((port, i) => ({ name: `l${i}`, port, hosts: ["*"] })) }],
      routes: [
        {
          name: "web",
          hosts: ["*"],
          gateways: ["edge"],
          rules: [{ destinations: [{ service: "web", version: "v1", weight: 100 }] }],
        },
      ],
    }),
    version,
  );

const status = async (port: number) =>
  (await fetch(`http://127.0.0.1:${port}/`)
    .then((r) => r.status)
    .catch(() => "refused")) as number | "refused";

beforeAll(async () => {
  upstream = await startUpstream("web");
});

afterAll(async () => {
  await proxy?.stop(100);
  await upstream?.close();
});

describe("a listener per gateway port, following each snapshot", () => {
  it("opens every port of the gateway, then opens and closes ports as snapshots change them", async () => {
    const [a, b, c] = [await freePort(), await freePort(), await freePort()];
    proxy = createProxy({
      nodeId: "ports",
      snapshot: snapshot(1, [a, b]),
      serveOnlyGateway: true,
      gatewayPorts: true,
      logger: logs.log,
    });
    await proxy.start();
    expect(proxy.ports()).toEqual([a, b].sort((x, y) => x - y));
    expect(await status(a)).toBe(200);
    expect(await status(b)).toBe(200);
    expect(proxy.applySnapshot(snapshot(2, [b, c])).ok).toBe(true);
    await eventually("port c open, a closed", () =>
      proxy.ports().join() === [b, c].sort((x, y) => x - y).join() ? true : null,
    );
    expect(await status(c)).toBe(200);
    expect(await status(b)).toBe(200);
    expect(await status(a)).toBe("refused");
  });

  it("a port that does not bind is reported in /stats and the others keep serving", async () => {
    const taken = net.createServer();
    const busy = await freePort();
    await new Promise<void>((r) => taken.listen(busy, "127.0.0.1", r));
    try {
      const ok = proxy.ports()[0]!;
      expect(proxy.applySnapshot(snapshot(3, [ok, busy])).ok).toBe(true);
      const problem = await eventually(
        "the bind error",
        () => proxy.stats().listeners?.find((l) => l.port === busy)?.problems[0] ?? null,
      );
      expect(problem).toMatch(new RegExp(`port ${busy} did not bind: .*EADDRINUSE`));
      expect(logs.count("listener not opened")).toBe(1);
      expect(await status(ok)).toBe(200);
    } finally {
      taken.close();
    }
  });
});

describe("routes per listener port, and --port-map", () => {
  it("serves a route attached by sectionName or port only on those ports, each listener bound to a mapped local port", async () => {
    const v2 = await startUpstream("v2");
    const mesh = MeshConfigSchema.parse({
      services: [
        {
          name: "web",
          host: "web.test",
          versions: [
            { name: "v1", endpoints: [{ address: "127.0.0.1", port: upstream.port }] },
            { name: "v2", endpoints: [{ address: "127.0.0.1", port: v2.port }] },
          ],
        },
      ],
      gateways: [
        {
          name: "edge",
          listeners: [
            { name: "plain", port: 80, hosts: ["*"] },
            { name: "alt", port: 8080, hosts: ["shop.test"] },
          ],
        },
      ],
      routes: [
        {
          name: "on-80",
          semantics: "gateway-api",
          hosts: ["shop.test"],
          gateways: ["edge"],
          listenerRefs: [{ gateway: "edge", sectionName: "plain" }],
          rules: [{ destinations: [{ service: "web", version: "v1", weight: 100 }] }],
        },
        {
          name: "on-8080",
          semantics: "gateway-api",
          hosts: ["shop.test"],
          gateways: ["edge"],
          listenerRefs: [{ gateway: "edge", port: 8080 }],
          rules: [{ destinations: [{ service: "web", version: "v2", weight: 100 }] }],
        },
        {
          name: "everywhere",
          semantics: "gateway-api",
          hosts: ["api.test"],
          gateways: ["edge"],
          rules: [{ destinations: [{ service: "web", version: "v1", weight: 100 }] }],
        },
      ],
    });
    const snap = buildSnapshot(mesh, 1);
    expect(snap.config.virtualHosts.map((v) => [v.name, v.ports ?? null])).toEqual([
      // The 8080 listener serves shop.test only, so api.test is bound to port 80.
      ["edge:80/api.test", [80]],
      ["edge:80/shop.test", [80]],
      ["edge:8080/shop.test", [8080]],
    ]);
    const [p80, p8080] = [await freePort(), await freePort()];
    const child = await startProxyChild(snap, ["--port-map", `80=${p80},8080=${p8080}`], { listen: false });
    try {
      const served = async (port: number, host: string) => {
        const res = await viaProxy(port, host);
        return res.status === 200 ? (JSON.parse(res.body) as { upstream: string }).upstream : res.status;
      };
      expect(await served(p80, "shop.test")).toBe("web");
      expect(await served(p8080, "shop.test")).toBe("v2");
      expect(await served(p80, "api.test")).toBe("web");
      expect(await served(p8080, "api.test")).toBe(404);
    } finally {
      await child.kill();
      await v2.close();
    }
  });

  it("an Istio match.port holds only on that listener port (under --port-map, the listener's, not the local one)", async () => {
    const v2 = await startUpstream("v2");
    const mesh = MeshConfigSchema.parse({
      services: [
        {
          name: "web",
          host: "web.test",
          versions: [
            { name: "v1", endpoints: [{ address: "127.0.0.1", port: upstream.port }] },
            { name: "v2", endpoints: [{ address: "127.0.0.1", port: v2.port }] },
          ],
        },
      ],
      gateways: [
        {
          name: "edge",
          listeners: [
            { name: "plain", port: 80, hosts: ["*"] },
            { name: "alt", port: 8080, hosts: ["*"] },
          ],
        },
      ],
      routes: [
        {
          name: "shop",
          hosts: ["shop.test"],
          gateways: ["edge"],
          rules: [
            { matches: [{ port: 8080 }], destinations: [{ service: "web", version: "v2", weight: 100 }] },
            { destinations: [{ service: "web", version: "v1", weight: 100 }] },
          ],
        },
      ],
    });
    const snap = buildSnapshot(mesh, 1);
    // One virtual host for both ports: the port is decided by the rule's match, not by host binding.
    expect(snap.config.virtualHosts.map((v) => [v.name, v.ports ?? null])).toEqual([["edge/shop.test", null]]);
    const [p80, p8080] = [await freePort(), await freePort()];
    const child = await startProxyChild(snap, ["--port-map", `80=${p80},8080=${p8080}`], { listen: false });
    try {
      const served = async (port: number) => {
        const res = await viaProxy(port, "shop.test");
        return res.status === 200 ? (JSON.parse(res.body) as { upstream: string }).upstream : res.status;
      };
      expect(await served(p8080)).toBe("v2");
      expect(await served(p80)).toBe("web");
    } finally {
      await child.kill();
      await v2.close();
    }
  });

  it("refuses a malformed --port-map with a message naming the flag", async () => {
    const { parseFlags } = await import("../../proxy/flags.ts");
    const bad = parseFlags(["--config", "x.json", "--port-map", "80:18080"], {});
    expect(bad).toEqual({ ok: false, error: "--port-map: --port-map must look like 80=18080,443=18443" });
    const twice = parseFlags(["--config", "x.json", "--port-map", "80=1,80=2"], {});
    expect(twice.ok).toBe(false);
    expect(!twice.ok && twice.error).toContain("port 80 is mapped twice");
    const good = parseFlags(["--config", "x.json", "--port-map", "80=18080,443=0"], {});
    expect(good.ok && [...good.flags.portMap!]).toEqual([
      [80, 18080],
      [443, 0],
    ]);
  });
});
