import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { buildSnapshot } from "../../lib/core/compile/index.ts";
import type { MetricsBatch, Snapshot } from "../../lib/core/index.ts";
import { MeshConfigSchema } from "../../lib/core/model/index.ts";
import type { ProxySecret } from "../../lib/core/protocol/secrets.ts";
import type { TapSpec } from "../../lib/core/protocol/tap.ts";
import type { TestCert } from "./test-certs.ts";

/**
 * A fake console for secret discovery (the real endpoint is the console's GET /api/xds/secrets): one snapshot, and
 * a secrets long-poll answering 200 when its content differs from the hash the proxy holds, else 304 after a hold.
 * `serve` replaces the answer, valid or not. Metrics POSTs are kept and answered with the taps `openTaps` opened.
 */
export interface FakeSds {
  url: string;
  serve(body: unknown): void;
  polls: { node: string | null; hash: string | null; gateway: string | null; auth: string | undefined }[];
  /** The live taps the answer to each metrics POST names from now on. */
  openTaps(taps: TapSpec[]): void;
  metrics: MetricsBatch[];
  close(): Promise<void>;
}

export async function startFakeSds(snapshot: unknown): Promise<FakeSds> {
  let body: unknown = null;
  let bodyHash = "";
  const polls: FakeSds["polls"] = [];
  const metrics: MetricsBatch[] = [];
  let taps: TapSpec[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.headers.authorization !== "Bearer sds-token") return void res.writeHead(401).end();
    if (req.method === "POST" && url.pathname === "/api/xds/metrics") {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        metrics.push(JSON.parse(text) as MetricsBatch);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, taps }));
      });
      return;
    }
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
    metrics,
    openTaps: (next) => void (taps = next),
    serve(next) {
      body = next;
      bodyHash = createHash("sha256").update(JSON.stringify(next)).digest("hex");
      for (const w of [...waiters]) w();
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

export const secretsBody = (cert: TestCert, extra: Partial<ProxySecret> = {}) => {
  const secrets = [{ name: "shop-cert", certChainPem: cert.certPem, privateKeyPem: cert.keyPem, ...extra }];
  return { hash: createHash("sha256").update(JSON.stringify(secrets)).digest("hex"), secrets };
};

export function presented(port: number, caPem: string): Promise<string | Error> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: "127.0.0.1", port, servername: "shop.test", ca: caPem }, () => {
      resolve(s.getPeerX509Certificate()!.serialNumber);
      s.destroy();
    });
    s.once("error", (e) => resolve(e));
  });
}

/**
 * The snapshot the secret tests serve: service `shop` (v1 on `upstreamPort`, default a closed port) and gateway `edge`
 * with an HTTPS listener for shop.test on `httpsPort` using `credential`; with `httpPort`, also a plain listener and
 * a route of shop.test to shop/v1.
 */
export function shopEdgeSnapshot(o: {
  httpsPort: number;
  credential: string;
  upstreamPort?: number;
  httpPort?: number;
}): Snapshot {
  const https = {
    name: "https",
    port: o.httpsPort,
    protocol: "HTTPS",
    hosts: ["shop.test"],
    tls: { mode: "SIMPLE", credentialNames: [o.credential] },
  };
  const http =
    o.httpPort === undefined ? [] : [{ name: "http", port: o.httpPort, protocol: "HTTP", hosts: ["shop.test"] }];
  const route = {
    name: "shop",
    hosts: ["shop.test"],
    gateways: ["edge"],
    rules: [{ destinations: [{ service: "shop", version: "v1", weight: 100 }] }],
  };
  const mesh = MeshConfigSchema.parse({
    services: [
      {
        name: "shop",
        host: "shop.internal",
        versions: [{ name: "v1", endpoints: [{ address: "127.0.0.1", port: o.upstreamPort ?? 9 }] }],
      },
    ],
    gateways: [{ name: "edge", listeners: [https, ...http] }],
    routes: o.httpPort === undefined ? [] : [route],
  });
  return buildSnapshot(mesh, 1);
}
