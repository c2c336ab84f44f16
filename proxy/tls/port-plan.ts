import { hostnameSpecificity } from "../../lib/core/compile/hostnames.ts";
import type { ServerTls } from "../../lib/core/model/tls.ts";
import type { SnapshotConfig } from "../../lib/core/snapshot/schema.ts";

/** What the proxy serves on one port: the gateway's listeners on that port merged (they differ by hostname). */
export interface PortPlan {
  port: number;
  protocol: "HTTP" | "HTTPS";
  /** HTTPS: the listeners' credentials in order (SNI picks among them), MUTUAL if one asks, the highest minimum. */
  tls?: ServerTls;
  /** HTTP: answer every request with a 301 to https (Istio `httpsRedirect`). */
  httpsRedirect: boolean;
  /** Where httpsRedirect sends clients: the gateway's HTTPS listeners (hosts, port), in port order. */
  httpsPorts: { hosts: string[]; port: number }[];
  /** Listener names on this port, for /stats. */
  listeners: string[];
  /** The listeners' hostnames: a request for another host is not this port's (404). Empty: any host. */
  hosts: string[];
  /** HTTPS: each listener's hostnames (lower case), in `listeners` order, to tell which listener a name selects. */
  listenerHosts: string[][];
}

const hostOnly = (hostHeader: string | undefined): string => {
  const raw = (hostHeader ?? "").toLowerCase();
  return raw.startsWith("[") ? raw.slice(0, raw.indexOf("]") + 1) : raw.split(":")[0]!;
};

const hostnameMatches = (hostname: string, host: string): boolean =>
  hostname === "*" ||
  hostname === host ||
  (hostname.startsWith("*.") && host.endsWith(hostname.slice(1)) && host.length > hostname.length - 1);

/** The listener (index) a name selects: the most specific hostname that matches it (Gateway API), else -1. */
function selectedListener(plan: PortPlan, name: string): number {
  let best = -1;
  let rank = -1;
  plan.listenerHosts.forEach((hosts, i) => {
    for (const h of hosts)
      if (hostnameMatches(h, name) && hostnameSpecificity(h) > rank) {
        best = i;
        rank = hostnameSpecificity(h);
      }
  });
  return best;
}

/**
 * Gateway API GatewayHTTPSListenerDetectMisdirectedRequests: on an HTTPS port, a request whose Host selects another
 * listener than the one its TLS SNI selected (a client reusing a connection for another host, HTTP/2 coalescing)
 * is answered 421, so the client retries on a connection of its own. Without SNI, or an SNI no listener matches,
 * there is nothing to compare.
 */
export function misdirected(
  plan: PortPlan,
  servername: string | undefined | null | false,
  hostHeader: string | undefined,
): boolean {
  if (plan.protocol !== "HTTPS" || !servername || plan.listenerHosts.length < 2) return false;
  const bySni = selectedListener(plan, servername.toLowerCase());
  if (bySni === -1) return false;
  const byHost = selectedListener(plan, hostOnly(hostHeader));
  return byHost !== -1 && byHost !== bySni;
}

/** A listener hostname serves a host: `*`, the same name, or `*.suffix` for names under it (Gateway API). */
export function portServesHost(plan: PortPlan, hostHeader: string | undefined): boolean {
  if (plan.hosts.length === 0 || plan.hosts.includes("*")) return true;
  const host = hostOnly(hostHeader);
  return plan.hosts.some((h) => hostnameMatches(h, host));
}

/**
 * The client validation of listeners sharing a port (Gateway API sets it per port, so they agree): the union of
 * their CA names, and the insecure fallback only when every MUTUAL listener on the port asks for it.
 */
function clientValidation(
  secure: readonly { tls?: ServerTls }[],
): Pick<ServerTls, "clientCaNames" | "clientValidation"> {
  const mutual = secure.filter((l) => l.tls?.mode === "MUTUAL");
  const cas = [...new Set(mutual.flatMap((l) => l.tls?.clientCaNames ?? []))];
  const fallback = mutual.length > 0 && mutual.every((l) => l.tls?.clientValidation === "AllowInsecureFallback");
  return {
    ...(cas.length > 0 ? { clientCaNames: cas } : {}),
    ...(fallback ? { clientValidation: "AllowInsecureFallback" } : {}),
  };
}

/** One plan per port of the gateway's listeners, in port order. Pure: the same config gives the same plans. */
export function planPorts(config: SnapshotConfig, gateway: string | undefined): PortPlan[] {
  if (gateway === undefined) return [];
  const mine = config.listeners.filter((l) => l.gateway === gateway);
  const httpsPorts = mine.filter((l) => l.protocol === "HTTPS").map((l) => ({ hosts: l.hosts, port: l.port }));
  const byPort = new Map<number, typeof mine>();
  for (const l of mine) byPort.set(l.port, [...(byPort.get(l.port) ?? []), l]);
  return [...byPort.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([port, ls]) => {
      const secure = ls.filter((l) => l.protocol === "HTTPS");
      const tls: ServerTls | undefined =
        secure.length === 0
          ? undefined
          : {
              mode: secure.some((l) => l.tls?.mode === "MUTUAL") ? "MUTUAL" : "SIMPLE",
              credentialNames: [...new Set(secure.flatMap((l) => l.tls?.credentialNames ?? []))],
              ...clientValidation(secure),
              ...(secure.some((l) => l.tls?.minProtocolVersion === "TLSV1_3") ? { minProtocolVersion: "TLSV1_3" } : {}),
            };
      return {
        port,
        protocol: tls ? "HTTPS" : "HTTP",
        tls,
        httpsRedirect: !tls && ls.some((l) => l.httpsRedirect === true),
        httpsPorts,
        listeners: ls.map((l) => l.name),
        hosts: [...new Set(ls.flatMap((l) => l.hosts.map((h) => h.toLowerCase())))].sort(),
        listenerHosts: tls ? ls.map((l) => l.hosts.map((h) => h.toLowerCase())) : [],
      };
    });
}

/**
 * `https://host[:port]path`: the request's host without its port; the port of the HTTPS listener serving that host
 * (exact, then `*.suffix`, then `*`), else the gateway's first HTTPS port, else 443; left out when it is 443.
 */
export function httpsLocation(hostHeader: string | undefined, path: string, plan: PortPlan): string {
  const raw = hostHeader ?? "";
  const host = raw.startsWith("[") ? raw.slice(0, raw.indexOf("]") + 1) : raw.split(":")[0]!;
  const lower = host.toLowerCase();
  const serves = (h: string) => h === lower || h === "*" || (h.startsWith("*.") && lower.endsWith(h.slice(1)));
  const target =
    plan.httpsPorts.find((l) => l.hosts.includes(lower)) ??
    plan.httpsPorts.find((l) => l.hosts.some(serves)) ??
    plan.httpsPorts[0];
  const port = target?.port ?? 443;
  return `https://${host}${port === 443 ? "" : `:${port}`}${path.startsWith("/") ? path : "/"}`;
}
