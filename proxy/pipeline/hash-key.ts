import type { IncomingMessage } from "node:http";
import type { LoadBalancer } from "../../lib/core/index.ts";

/**
 * The CONSISTENT_HASH key of a request, or undefined (the balancer then picks at random). `clientIp` is the
 * client address under the trusted-hops setting (headers/forwarded.ts), not necessarily the peer.
 */
export function hashKeyFor(lb: LoadBalancer | undefined, req: IncomingMessage, clientIp: string): string | undefined {
  if (lb?.type !== "CONSISTENT_HASH") return undefined;
  const on = lb.hashOn;
  switch (on.kind) {
    case "header": {
      const v = req.headers[on.name.toLowerCase()];
      return Array.isArray(v) ? v.join(",") : v;
    }
    case "cookie":
      return cookie(req.headers.cookie, on.name);
    case "sourceIp":
      return clientIp;
  }
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
