import "server-only";
import { isIP } from "node:net";
import { env } from "@/lib/server/env.ts";

/**
 * True when the console accepts connections from this machine only. Demo conveniences (seeded users with
 * published passwords, the shared default proxy token) are allowed only then. The answer comes from
 * SIGNALBOX_BIND_HOST, which the launchers set to the address they pass to `next start -H`; when it is unset
 * the console may be listening on every interface, so it counts as exposed (secure by default).
 */
export function listensOnLoopbackOnly(bindHost: string | undefined = env().SIGNALBOX_BIND_HOST): boolean {
  return bindHost !== undefined && isLoopbackHost(bindHost);
}

export function isLoopbackHost(host: string): boolean {
  const h = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || /^::ffff:127\./i.test(h);
  return false;
}
