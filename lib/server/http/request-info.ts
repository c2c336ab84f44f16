import "server-only";
import { env } from "@/lib/server/env.ts";
import { PEER_HEADER } from "./peer-header.ts";

/**
 * What the console knows about where a request came from. The socket's address arrives in PEER_HEADER, which
 * lib/server/http/peer-header.ts stamps on every request before Next.js sees it (a client cannot forge it).
 * X-Forwarded-* headers count only with SIGNALBOX_TRUST_PROXY ≥ 1; with 0 the stamp removes them first.
 */

const firstValue = (v: string | null) => v?.split(",")[0]?.trim() || null;
const lastValue = (v: string | null) => v?.split(",").at(-1)?.trim() || null;

/** The client's address: the socket peer, or with n trusted proxies the n-th X-Forwarded-For entry from the right. */
export function clientAddress(request: Request, trustedHops = env().SIGNALBOX_TRUST_PROXY): string {
  const peer = request.headers.get(PEER_HEADER) ?? "unknown";
  if (trustedHops === 0) return peer;
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)]!;
}

/** Whether the browser reached the console over HTTPS: directly, or through a trusted proxy that says so. */
export function isHttps(request: Request, trustedHops = env().SIGNALBOX_TRUST_PROXY): boolean {
  // Without trusted proxies the stamp removed the client's X-Forwarded-Proto and Next.js set it from the socket.
  if (trustedHops > 0 || request.headers.has(PEER_HEADER)) {
    const proto = lastValue(request.headers.get("x-forwarded-proto"));
    if (proto) return proto === "https";
  }
  return new URL(request.url).protocol === "https:";
}

/** The console's own origin, the only one a cookie-authenticated state change may come from. */
export function ownOrigin(request: Request): string {
  const config = env();
  if (config.SIGNALBOX_PUBLIC_URL) return new URL(config.SIGNALBOX_PUBLIC_URL).origin;
  const host =
    (config.SIGNALBOX_TRUST_PROXY > 0 && firstValue(request.headers.get("x-forwarded-host"))) ||
    request.headers.get("host") ||
    new URL(request.url).host;
  return `${isHttps(request) ? "https" : "http"}://${host}`;
}
