import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Snapshot } from "../../lib/core/index.ts";
import { renderPrometheus, type ExtraGauge } from "../metrics/prometheus.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import { adminExposureError, hasAdminToken } from "./access.ts";

/** What the admin endpoints show; one process and a `--workers` primary each provide their own. */
export interface AdminView {
  /** The running snapshot (appliedAt: epoch ms, when known), null before the first. */
  running(): { snapshot: Snapshot; appliedAt?: number } | null;
  /** The /stats document (a primary's asks its workers first). */
  stats(): unknown;
  /** The request series /metrics exposes, followed by `gauges()`. */
  registry: MetricsRegistry;
  gauges(): ExtraGauge[];
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(text);
}

/**
 * Operator endpoints on a separate port, so they are never reachable through a route. With a token every request
 * must carry it as `Authorization: Bearer …` (401 otherwise).
 */
export function createAdminHandler(view: AdminView, token?: string): http.RequestListener {
  return (req, res) => {
    if (token && !hasAdminToken(req, token)) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" });
      return res.end("admin token required\n");
    }
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    const cur = view.running();
    switch (path) {
      case "/ready":
        if (cur) return json(res, 200, { ready: true, version: cur.snapshot.version });
        return json(res, 503, { ready: false, reason: "no configuration applied yet" });
      case "/config":
        if (!cur) return json(res, 404, { error: "no configuration applied yet" });
        return json(res, 200, {
          version: cur.snapshot.version,
          hash: cur.snapshot.hash,
          ...(cur.appliedAt !== undefined ? { appliedAt: new Date(cur.appliedAt).toISOString() } : {}),
          snapshot: cur.snapshot,
        });
      case "/stats":
        return void Promise.resolve(view.stats()).then(
          (stats) => json(res, 200, stats),
          (e: unknown) => json(res, 500, { error: String(e) }),
        );
      case "/metrics":
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
        return res.end(renderPrometheus(view.registry, view.gauges()));
      default:
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found: try /ready, /config, /stats, /metrics\n");
    }
  };
}

/** Refuses (throws) to listen off loopback without a token, whatever the caller checked before. */
export async function startAdmin(
  host: string,
  port: number,
  handler: http.RequestListener,
  token: string | undefined,
): Promise<{ port: number; close(): Promise<void> }> {
  const refused = adminExposureError(host, token);
  if (refused) throw new Error(refused);
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
