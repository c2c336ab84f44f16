import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort } from "../helpers/ports.ts";
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
