import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort } from "../helpers/ports.ts";
import { recordingLogger } from "../helpers/recording-logger.ts";
import { presented, secretsBody, shopEdgeSnapshot, startFakeSds, type FakeSds } from "../helpers/fake-sds.ts";
import { issueCert, makeCa } from "../helpers/test-certs.ts";

const ca = makeCa("sds test CA");
const first = issueCert(ca, "shop.test");
const second = issueCert(ca, "shop.test");

let sds: FakeSds;
let proxy: Proxy;
let port: number;
const logs = recordingLogger();

beforeAll(async () => {
  port = await freePort();
  sds = await startFakeSds(shopEdgeSnapshot({ httpsPort: port, credential: "shop-cert" }));
  proxy = createProxy({
    nodeId: "edge-1",
    consoleUrl: sds.url,
    token: "sds-token",
    gateway: "edge",
    gatewayPorts: true,
    pollWaitMs: 300,
    backoffBaseMs: 20,
    backoffMaxMs: 100,
    metricsIntervalMs: 60_000,
    logger: logs.log,
  });
  await proxy.start();
  await proxy.waitForVersion(1);
});

afterAll(async () => {
  await proxy?.stop(100);
  await sds?.close();
});

describe("secret discovery from the console", () => {
  it("fails handshakes until the secret arrives, then serves it; polls as itself with the proxy's credentials", async () => {
    await eventually("the HTTPS port", () => (proxy.ports().includes(port) ? true : null), 5_000, 20);
    expect(await presented(port, ca.certPem)).toBeInstanceOf(Error);
    sds.serve(secretsBody(first));
    const serial = await eventually("the first certificate", async () => {
      const s = await presented(port, ca.certPem);
      return typeof s === "string" ? s : null;
    });
    expect(serial).toBe(new X509Certificate(first.certPem).serialNumber);
    expect(sds.polls[0]).toEqual({ node: "edge-1", hash: null, gateway: "edge", auth: "Bearer sds-token" });
  });

  it("ignores an invalid answer with a log line and keeps the last good secrets", async () => {
    sds.serve({ hash: "not-a-hash", secrets: [{ name: "shop-cert", certChainPem: "garbage" }] });
    await eventually(
      "the log line",
      () => logs.count("secrets response ignored: invalid; keeping the last good secrets") || null,
    );
    // A well-formed answer whose key belongs to another certificate: refused as a whole too.
    sds.serve(secretsBody(second, { privateKeyPem: first.keyPem }));
    await eventually(
      "the second log line",
      () => logs.count("secrets response ignored: a secret does not check; keeping the last good secrets") || null,
    );
    expect(await presented(port, ca.certPem)).toBe(new X509Certificate(first.certPem).serialNumber);
  });

  it("a rotated secret is served on new handshakes without restarting the listener", async () => {
    sds.serve(secretsBody(second));
    const serial = await eventually("the second certificate", async () => {
      const s = await presented(port, ca.certPem);
      return s === new X509Certificate(second.certPem).serialNumber ? s : null;
    });
    expect(serial).toBeDefined();
    const status = proxy.stats().listeners!.find((l) => l.port === port)!;
    expect(status.certificates.map((c) => c.name)).toEqual(["shop-cert"]);
    expect(status.problems).toEqual([]);
  });
});
