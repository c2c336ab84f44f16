/**
 * The proxy without a console: `--config FILE` with Istio YAML, compiled in-process by lib/core, with
 * endpoints from a ServiceEntry or from `host` + `port.number` destinations, reloaded when the file changes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy } from "@/proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { recordingLogger } from "../helpers/recording-logger.ts";
import { get, startUpstream, type TestUpstream } from "../helpers/upstreams.ts";

let v1: TestUpstream;
let v2: TestUpstream;
let dir: string;
let file: string;
let proxy: ReturnType<typeof createProxy>;
const logged = recordingLogger();

const serviceEntry = (v1Port: number, v2Port: number) => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: web}
spec:
  hosts: [web.internal]
  location: MESH_INTERNAL
  resolution: STATIC
  ports: [{number: 80, name: http, protocol: HTTP}]
  endpoints:
  - {address: 127.0.0.1, ports: {http: ${v1Port}}, labels: {version: v1}}
  - {address: 127.0.0.1, ports: {http: ${v2Port}}, labels: {version: v2}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web}
spec:
  host: web.internal
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
`;

const virtualService = (w1: number, w2: number) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web.test]
  http:
  - route:
    - {destination: {host: web.internal, subset: v1}, weight: ${w1}}
    - {destination: {host: web.internal, subset: v2}, weight: ${w2}}
`;

async function servedBy(n: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await get(proxy.port, "/");
    const key = res.status === 200 ? String(res.headers["x-served-by"]) : `status-${res.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

beforeAll(async () => {
  v1 = await startUpstream("v1");
  v2 = await startUpstream("v2");
  dir = mkdtempSync(path.join(os.tmpdir(), "sb-yaml-"));
  file = path.join(dir, "mesh.yaml");
  writeFileSync(file, serviceEntry(v1.port, v2.port) + virtualService(100, 0));
  proxy = createProxy({ nodeId: "yaml-proxy", configFile: file, port: 0, fileCheckIntervalMs: 50, logger: logged.log });
  await proxy.start();
});

afterAll(async () => {
  await proxy?.stop();
  await Promise.all([v1?.close(), v2?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("proxy --config with Istio YAML", () => {
  it("serves ServiceEntry endpoints by the VirtualService's weights and follows file edits", async () => {
    expect(await servedBy(20)).toEqual({ v1: 20 });
    const before = proxy.currentVersion();
    writeFileSync(file, serviceEntry(v1.port, v2.port) + virtualService(0, 100));
    await eventually("the edited file applied", async () => proxy.currentVersion() > before);
    expect(await servedBy(20)).toEqual({ v2: 20 });
  });

  it("keeps the last good config when the file becomes invalid", async () => {
    const good = proxy.currentVersion();
    const rejected = logged.count("config file rejected");
    writeFileSync(file, serviceEntry(v1.port, v2.port) + virtualService(60, 60));
    await eventually("the invalid file rejected", () => logged.count("config file rejected") > rejected);
    expect(proxy.currentVersion()).toBe(good);
    expect(await servedBy(10)).toEqual({ v2: 10 });
  });

  it("takes endpoints from host:port destinations", async () => {
    writeFileSync(
      file,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: direct}
spec:
  hosts: [web.test]
  http:
  - route:
    - destination: {host: 127.0.0.1, port: {number: ${v1.port}}}
`,
    );
    const before = proxy.currentVersion();
    await eventually("the direct config applied", async () => proxy.currentVersion() > before);
    expect(await servedBy(10)).toEqual({ v1: 10 });
  });
});

describe("proxy --config with the file's one gateway", () => {
  it("serves gateway-bound routes without --gateway when the file defines exactly one gateway", async () => {
    const gwFile = path.join(dir, "gateway.yaml");
    writeFileSync(
      gwFile,
      `${serviceEntry(v1.port, v2.port)}---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge}
spec:
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web.test]
  gateways: [edge]
  http:
  - route:
    - {destination: {host: web.internal, subset: v2}}
`,
    );
    // As the flags map a console-less proxy (proxy/options.ts): serveOnlyGateway, no gateway named.
    const fileProxy = createProxy({
      nodeId: "file-gw",
      configFile: gwFile,
      port: 0,
      serveOnlyGateway: true,
      logLevel: "silent",
    });
    const plain = createProxy({ nodeId: "file-plain", configFile: gwFile, port: 0, logLevel: "silent" });
    await Promise.all([fileProxy.start(), plain.start()]);
    try {
      const res = await get(fileProxy.port, "/");
      expect([res.status, res.headers["x-served-by"]]).toEqual([200, "v2"]);
      expect((await get(plain.port, "/")).status).toBe(404); // without it only mesh-wide routes are served
    } finally {
      await Promise.all([fileProxy.stop(), plain.stop()]);
    }
  });
});
