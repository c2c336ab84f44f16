import http from "node:http";
import type { AddressInfo } from "node:net";
import { bookinfoUpstreams, type BookinfoUpstream } from "../../lib/core/demo/bookinfo.ts";

export interface DemoUpstream {
  service: string;
  version: string;
  port: number;
  close(): Promise<void>;
}

// Different versions answer at different speeds, so per-version latency charts differ visibly.
const latencyMs: Record<string, number> = { v1: 2, v2: 12, v3: 25 };

/** An onward call an app makes per request: to its sidecar's outbound port, with the destination's Host. */
export interface DemoCall {
  port: number;
  host: string;
  path: string;
}

export interface DemoUpstreamOptions {
  /** `service/version` → its onward call (Bookinfo's productpage → reviews → ratings); the others call nobody. */
  calls?: Record<string, DemoCall>;
  /** Only these upstreams (default: every Bookinfo upstream). */
  only?: (u: BookinfoUpstream) => boolean;
}

const callAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** The onward call's status and JSON body (or the error), which the caller nests in its own answer. */
function callOnward(call: DemoCall): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port: call.port, path: call.path, agent: callAgent, headers: { host: call.host } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON (a proxy's error text): kept as it is
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error("timed out")));
    req.on("error", (e) => resolve({ status: 0, body: e.message }));
    req.end();
  });
}

/**
 * One tiny HTTP server per demo service version; each says which version (and instance) served the request.
 * `instance` > 1 starts extra instances beside the configured ones, on ports `basePort + 20 * (instance - 1) + n`;
 * they exist only in the registry. Each answers GET /healthz (its health check) and POST /_demo/stop (it stops
 * listening: the registry then marks it critical and the proxies stop sending it traffic).
 * With `calls`, an app makes its onward call before answering and nests the result (`calls.<host>`); an onward
 * failure makes its answer 502. Each app echoes the `x-forwarded-client-cert` its sidecar added (the caller's
 * identity), so one request shows every hop.
 */
export async function startDemoUpstreams(
  basePort: number,
  host = "127.0.0.1",
  instance = 1,
  opts: DemoUpstreamOptions = {},
): Promise<DemoUpstream[]> {
  const upstreams = bookinfoUpstreams(basePort + 20 * (instance - 1)).filter(opts.only ?? (() => true));
  return Promise.all(
    upstreams.map(async ({ service, version, port }) => {
      const call = opts.calls?.[`${service}/${version}`];
      const server = http.createServer((req, res) => {
        if (req.url === "/healthz") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        if (req.url === "/_demo/stop" && req.method === "POST") {
          res.writeHead(202, { "content-type": "text/plain", connection: "close" }).end("stopping");
          setTimeout(() => (server.closeAllConnections(), server.close()), 50);
          return;
        }
        const answer = {
          service,
          version,
          instance,
          method: req.method,
          path: req.url,
          host: req.headers.host,
          ...(req.headers["x-forwarded-client-cert"] ? { xfcc: req.headers["x-forwarded-client-cert"] } : {}),
        };
        const delay = (latencyMs[version] ?? 5) * (0.5 + Math.random());
        req.resume();
        req.on("end", () =>
          setTimeout(() => {
            void (call ? callOnward(call) : Promise.resolve(null)).then((onward) => {
              if (res.destroyed) return;
              res.writeHead(onward && (onward.status < 200 || onward.status >= 300) ? 502 : 200, {
                "content-type": "application/json",
                "x-served-by": `${service}/${version}`,
                "x-instance": String(instance),
              });
              res.end(JSON.stringify(onward && call ? { ...answer, calls: { [call.host]: onward } } : answer));
            });
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
