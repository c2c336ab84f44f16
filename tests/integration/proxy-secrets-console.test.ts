import { createHash, X509Certificate } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSnapshot } from "@/lib/core/compile/index.ts";
import { MeshConfigSchema } from "@/lib/core/model/index.ts";
import type { ProxySecret } from "@/lib/core/protocol/secrets.ts";
import { createProxy, type Proxy } from "../../proxy/create-proxy.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort } from "../helpers/ports.ts";
import { recordingLogger } from "../helpers/recording-logger.ts";
import { issueCert, makeCa, type TestCert } from "../helpers/test-certs.ts";

const ca = makeCa("sds test CA");
const first = issueCert(ca, "shop.test");
const second = issueCert(ca, "shop.test");

/**
 * A fake console for secret discovery (the real endpoint is the console's GET /api/xds/secrets): one snapshot, and
 * a secrets long-poll answering 200 when its content differs from the hash the proxy holds, else 304 after a hold.
 * `serve` replaces the answer, valid or not.
 */
interface FakeSds {
  url: string;
  serve(body: unknown): void;
  polls: { node: string | null; hash: string | null; gateway: string | null; auth: string | undefined }[];
  close(): Promise<void>;
}

async function startFakeSds(snapshot: unknown): Promise<FakeSds> {
  let body: unknown = null;
  let bodyHash = "";
  const polls: FakeSds["polls"] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.headers.authorization !== "Bearer sds-token") return void res.writeHead(401).end();
    if (req.method === "POST") return void (req.resume(), res.writeHead(204).end());
    if (url.pathname === "/api/xds/snapshot") {
      if (Number(url.searchParams.get("version")) < 1) return void res.end(JSON.stringify(snapshot));
      return void setTimeout(() => res.writeHead(304).end(), 200);
    }
    if (url.pathname !== "/api/xds/secrets") return void res.writeHead(404).end();
    polls.push({
      node: url.searchParams.get("node"),
      hash: url.searchParams.get("hash"),
      gateway: url.searchParams.get("gateway"),
      auth: req.headers.authorization,
    });
    const answer = () => {
      if (body === null || url.searchParams.get("hash") === bodyHash) return false;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      return true;
    };
    if (answer()) return;
    const wake = () => answer() && waiters.delete(wake);
    waiters.add(wake);
    setTimeout(() => waiters.delete(wake) && res.writeHead(304).end(), 300);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    polls,
    serve(next) {
      body = next;
      bodyHash = createHash("sha256").update(JSON.stringify(next)).digest("hex");
      for (const w of [...waiters]) w();
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const secretsBody = (cert: TestCert, extra: Partial<ProxySecret> = {}) => {
  const secrets = [{ name: "shop-cert", certChainPem: cert.certPem, privateKeyPem: cert.keyPem, ...extra }];
  return { hash: createHash("sha256").update(JSON.stringify(secrets)).digest("hex"), secrets };
};

function presented(port: number): Promise<string | Error> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: "127.0.0.1", port, servername: "shop.test", ca: ca.certPem }, () => {
      resolve(s.getPeerX509Certificate()!.serialNumber);
      s.destroy();
    });
    s.once("error", (e) => resolve(e));
  });
}

let sds: FakeSds;
let proxy: Proxy;
let port: number;
const logs = recordingLogger();

beforeAll(async () => {
  port = await freePort();
  const mesh = MeshConfigSchema.parse({
    services: [
      {
        name: "shop",
        host: "shop.internal",
        versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: 9 }] }],
      },
    ],
    gateways: [
      {
        name: "edge",
        listeners: [
          {
            name: "https",
            port,
            protocol: "HTTPS",
            hosts: ["shop.test"],
            tls: { mode: "SIMPLE", credentialNames: ["shop-cert"] },
          },
        ],
      },
    ],
    routes: [],
  });
  sds = await startFakeSds(buildSnapshot(mesh, 1));
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
    expect(await presented(port)).toBeInstanceOf(Error);
    sds.serve(secretsBody(first));
    const serial = await eventually("the first certificate", async () => {
      const s = await presented(port);
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
    expect(await presented(port)).toBe(new X509Certificate(first.certPem).serialNumber);
  });

  it("a rotated secret is served on new handshakes without restarting the listener", async () => {
    sds.serve(secretsBody(second));
    const serial = await eventually("the second certificate", async () => {
      const s = await presented(port);
      return s === new X509Certificate(second.certPem).serialNumber ? s : null;
    });
    expect(serial).toBeDefined();
    const status = proxy.stats().listeners!.find((l) => l.port === port)!;
    expect(status.certificates.map((c) => c.name)).toEqual(["shop-cert"]);
    expect(status.problems).toEqual([]);
  });
});
