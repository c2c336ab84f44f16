import http from "node:http";
import type { AddressInfo } from "node:net";
import { bookinfoUpstreams } from "../../lib/core/demo/bookinfo.ts";

export interface DemoUpstream {
  service: string;
  version: string;
  port: number;
  close(): Promise<void>;
}

// Different versions answer at different speeds, so per-version latency charts differ visibly.
const latencyMs: Record<string, number> = { v1: 2, v2: 12, v3: 25 };

/** One tiny HTTP server per demo service version; each says which version served the request. */
export async function startDemoUpstreams(basePort: number, host = "127.0.0.1"): Promise<DemoUpstream[]> {
  return Promise.all(
    bookinfoUpstreams(basePort).map(async ({ service, version, port }) => {
      const server = http.createServer((req, res) => {
        const body = JSON.stringify({ service, version, method: req.method, path: req.url, host: req.headers.host });
        const delay = (latencyMs[version] ?? 5) * (0.5 + Math.random());
        req.resume();
        req.on("end", () =>
          setTimeout(() => {
            res.writeHead(200, { "content-type": "application/json", "x-served-by": `${service}/${version}` });
            res.end(body);
          }, delay),
        );
      });
      server.keepAliveTimeout = 30_000;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve());
      });
      return {
        service,
        version,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    }),
  );
}
