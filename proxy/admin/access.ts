import { timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { isIP } from "node:net";

/** Where the admin server listens unless told otherwise: this machine only. */
export const DEFAULT_ADMIN_HOST = "127.0.0.1";

export function isLoopbackHost(host: string): boolean {
  const h = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || /^::ffff:127\./i.test(h);
  return false;
}

/**
 * The admin endpoints show the whole running config and the traffic: bound to anything but loopback they need a
 * token. Returns the reason a configuration is refused, or null.
 */
export function adminExposureError(host: string, token: string | undefined): string | null {
  if (isLoopbackHost(host) || token) return null;
  return `--admin-token (or SIGNALBOX_PROXY_ADMIN_TOKEN) is required when the admin server listens on ${host}, which is not a loopback address`;
}

/** Whether a request carries `Authorization: Bearer <token>` (compared in constant time). */
export function hasAdminToken(req: http.IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
