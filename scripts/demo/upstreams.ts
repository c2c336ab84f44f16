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

/**
 * One tiny HTTP server per demo service version; each says which version (and instance) served the request.
 * `instance` > 1 starts extra instances beside the configured ones, on ports `basePort + 20 * (instance - 1) + n`;
 * they exist only in the registry. Each answers GET /healthz (its health check) and POST /_demo/stop (it stops
 * listening: the registry then marks it critical and the proxies stop sending it traffic).
 */
export async function startDemoUpstreams(basePort: number, host = "127.0.0.1", instance = 1): Promise<DemoUpstream[]> {
  return Promise.all(
    bookinfoUpstreams(basePort + 20 * (instance - 1)).map(async ({ service, version, port }) => {
      const server = http.createServer((req, res) => {
        if (req.url === "/healthz") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        if (req.url === "/_demo/stop" && req.method === "POST") {
          res.writeHead(202, { "content-type": "text/plain", connection: "close" }).end("stopping");
          setTimeout(() => (server.closeAllConnections(), server.close()), 50);
          return;
        }
        const body = JSON.stringify({
          service,
          version,
          instance,
          method: req.method,
          path: req.url,
          host: req.headers.host,
        });
        const delay = (latencyMs[version] ?? 5) * (0.5 + Math.random());
        req.resume();
        req.on("end", () =>
          setTimeout(() => {
            res.writeHead(200, {
              "content-type": "application/json",
              "x-served-by": `${service}/${version}`,
              "x-instance": String(instance),
            });
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
