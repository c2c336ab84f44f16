import http from "node:http";
import type { AddressInfo } from "node:net";
import { renderPrometheus } from "../metrics/prometheus.ts";
import type { ProxyStats } from "../stats.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import type { ConfigHolder } from "../config/active-config.ts";

export interface AdminDeps {
  holder: ConfigHolder;
  registry: MetricsRegistry;
  stats(): ProxyStats;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(text);
}

/** Operator endpoints on a separate port, so they are never reachable through a route. */
export function createAdminHandler(deps: AdminDeps): http.RequestListener {
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const cfg = deps.holder.current;
    switch (path) {
      case "/ready":
        if (cfg) return json(res, 200, { ready: true, version: cfg.version });
        return json(res, 503, { ready: false, reason: "no configuration applied yet" });
      case "/config":
        if (!cfg) return json(res, 404, { error: "no configuration applied yet" });
        return json(res, 200, {
          version: cfg.version,
          hash: cfg.hash,
          appliedAt: new Date(cfg.appliedAt).toISOString(),
          snapshot: cfg.snapshot,
        });
      case "/stats":
        return json(res, 200, deps.stats());
      case "/metrics": {
        const s = deps.stats();
        const text = renderPrometheus(deps.registry, [
          {
            name: "signalbox_snapshot_version",
            help: "Version of the running snapshot (0: none).",
            samples: [{ value: s.version }],
          },
          {
            name: "signalbox_inflight_requests",
            help: "Downstream requests being handled.",
            samples: [{ value: s.inFlight }],
          },
          {
            name: "process_resident_memory_bytes",
            help: "Resident memory size in bytes.",
            samples: [{ value: s.memory.rss }],
          },
          {
            name: "nodejs_heap_size_used_bytes",
            help: "V8 heap in use, in bytes.",
            samples: [{ value: s.memory.heapUsed }],
          },
          {
            name: "signalbox_upstream_ejected",
            help: "1 when outlier detection has ejected the endpoint.",
            samples: s.clusters.flatMap((c) =>
              c.endpoints.map((e) => ({ labels: { cluster: c.name, endpoint: e.address }, value: e.ejected ? 1 : 0 })),
            ),
          },
          {
            name: "signalbox_upstream_healthy",
            help: "0 when the active health check failed the endpoint.",
            samples: s.clusters.flatMap((c) =>
              c.endpoints.map((e) => ({ labels: { cluster: c.name, endpoint: e.address }, value: e.healthy ? 1 : 0 })),
            ),
          },
        ]);
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
        return res.end(text);
      }
      default:
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found: try /ready, /config, /stats, /metrics\n");
    }
  };
}

export async function startAdmin(
  host: string,
  port: number,
  handler: http.RequestListener,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
