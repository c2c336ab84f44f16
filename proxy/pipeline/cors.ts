import type { IncomingMessage, ServerResponse } from "node:http";
import { testString, type RouteEntry } from "../../lib/core/routing/index.ts";

/**
 * The rule's CORS policy, as Envoy's CORS filter applies it: a preflight from an allowed origin is answered
 * here (204, never forwarded); other requests from an allowed origin get the allow/expose headers added.
 * Requests from origins that are not allowed pass through without CORS headers (the browser then blocks them).
 * Returns true when the preflight was answered.
 */
export function applyCors(entry: RouteEntry, req: IncomingMessage, res: ServerResponse): boolean {
  const policy = entry.rule.cors;
  const origin = req.headers.origin;
  if (!policy || entry.corsOrigins === null || origin === undefined) return false;
  if (!entry.corsOrigins.some((m) => testString(m, origin))) return false;
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "Origin");
  if (policy.allowCredentials) res.setHeader("access-control-allow-credentials", "true");
  const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
  if (!preflight) {
    if (policy.exposeHeaders.length > 0)
      res.setHeader("access-control-expose-headers", policy.exposeHeaders.join(", "));
    return false;
  }
  if (policy.allowMethods.length > 0) res.setHeader("access-control-allow-methods", policy.allowMethods.join(", "));
  if (policy.allowHeaders.length > 0) res.setHeader("access-control-allow-headers", policy.allowHeaders.join(", "));
  if (policy.maxAgeSeconds !== undefined) res.setHeader("access-control-max-age", String(policy.maxAgeSeconds));
  res.writeHead(204, { "content-length": 0 });
  res.end();
  return true;
}
