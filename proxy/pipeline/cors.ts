import type { IncomingMessage, ServerResponse } from "node:http";
import { testString, type RouteEntry } from "../../lib/core/routing/index.ts";

/**
 * The rule's CORS policy, as Envoy's CORS filter applies it: a preflight from an allowed origin is answered
 * here (204, never forwarded); other requests from an allowed origin get the allow/expose headers added (the expose
 * headers on the preflight as well, as the Gateway API conformance suite expects).
 * Requests from origins that are not allowed pass through without CORS headers (the browser then blocks them); a
 * preflight from such an origin is answered 204 without them.
 * Returns true when the preflight was answered.
 */
export function applyCors(entry: RouteEntry, req: IncomingMessage, res: ServerResponse): boolean {
  const policy = entry.rule.cors;
  const origin = req.headers.origin;
  if (!policy || entry.corsOrigins === null || origin === undefined) return false;
  const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
  if (!entry.corsOrigins.some((m) => testString(m, origin))) {
    // A preflight from another origin is answered here without CORS headers (the Gateway API CORS filter's rule):
    // the browser then refuses the cross-origin request, and the upstream never sees the preflight.
    if (!preflight) return false;
    res.writeHead(204, { "content-length": 0 });
    res.end();
    return true;
  }
  res.setHeader("access-control-allow-origin", origin);
  res.setHeader("vary", "Origin");
  if (policy.allowCredentials) res.setHeader("access-control-allow-credentials", "true");
  // On the preflight too: the Gateway API CORS filter's conformance test expects it there.
  if (policy.exposeHeaders.length > 0) res.setHeader("access-control-expose-headers", policy.exposeHeaders.join(", "));
  if (!preflight) return false;
  // With credentials a browser takes `*` literally (Fetch spec): the wildcard is answered with what was asked for.
  const echo = (allowed: string[], asked: string | string[] | undefined) =>
    policy.allowCredentials && allowed.includes("*") && typeof asked === "string" ? asked : allowed.join(", ");
  if (policy.allowMethods.length > 0)
    res.setHeader(
      "access-control-allow-methods",
      echo(policy.allowMethods, req.headers["access-control-request-method"]),
    );
  if (policy.allowHeaders.length > 0)
    res.setHeader(
      "access-control-allow-headers",
      echo(policy.allowHeaders, req.headers["access-control-request-headers"]),
    );
  if (policy.maxAgeSeconds !== undefined) res.setHeader("access-control-max-age", String(policy.maxAgeSeconds));
  res.writeHead(204, { "content-length": 0 });
  res.end();
  return true;
}
