import type { HostCandidate } from "../api/simulate.ts";
import { hostWithoutPort } from "../routing/match.ts";
import type { RouteTable, VirtualHostEntry } from "../routing/table.ts";
import type { VirtualHost } from "../snapshot/schema.ts";

/**
 * Why the proxy picked the route it picked for a Host, and why not the others. The choice itself is made by
 * findVirtualHost (lib/core/routing/match.ts, the proxy's lookup); this file only finds, for the explanation,
 * which domain of each route matches the host and how, and whether the proxy serves the route at all.
 */

type DomainKind = "exact" | "kubernetes short name" | "wildcard" | "any host";

/** The Kubernetes service FQDN's short name ("reviews.default.svc.cluster.local" -> "reviews"), as the lookup reads it. */
function shortName(h: string): string | null {
  const end = h.endsWith(".svc.cluster.local") ? h.length - 18 : h.endsWith(".svc") ? h.length - 4 : -1;
  if (end <= 0) return null;
  const dot = h.indexOf(".");
  return dot > 0 && dot < end && h.indexOf(".", dot + 1) === end ? h.slice(0, dot) : null;
}

function domainMatch(domain: string, h: string): DomainKind | null {
  const d = domain.toLowerCase();
  if (d === "*") return "any host";
  if (d.startsWith("*.")) return h.length > d.length - 1 && h.endsWith(d.slice(1)) ? "wildcard" : null;
  if (d === h) return "exact";
  return shortName(h) === d ? "kubernetes short name" : null;
}

/** The most specific domain of `vhost` that matches `h` (exact, short name, longest wildcard, then "*"). */
function bestDomain(vhost: VirtualHost, h: string): { domain: string; kind: DomainKind } | null {
  const order: DomainKind[] = ["exact", "kubernetes short name", "wildcard", "any host"];
  let best: { domain: string; kind: DomainKind } | null = null;
  for (const domain of vhost.domains) {
    const kind = domainMatch(domain, h);
    if (kind === null) continue;
    const better =
      best === null ||
      order.indexOf(kind) < order.indexOf(best.kind) ||
      (kind === best.kind && domain.length > best.domain.length);
    if (better) best = { domain, kind };
  }
  return best;
}

/**
 * The routes a host entry's rules come from, in order: the compiler merges every route serving one host (and
 * gateway binding) into one entry, so the entry's own name is `gateway/host`, not a route's.
 */
export function routesOf(vhost: VirtualHost): string {
  const names = [...new Set(vhost.rules.map((r) => r.route))];
  return names.length > 0 ? names.join(", ") : vhost.name;
}

function via(gateway: string | null): string {
  return gateway === null ? "the mesh (a proxy without a gateway)" : `gateway ${gateway}`;
}

export interface HostExplanation {
  candidates: HostCandidate[];
  /** Routes with no domain matching the host. */
  others: number;
}

/**
 * One entry per route whose domains match the host, in snapshot order, the selected one marked. `selected` is
 * what findVirtualHost returned for the same table and host.
 */
export function explainHosts(
  vhosts: readonly VirtualHost[],
  table: RouteTable,
  host: string,
  gateway: string | null,
  selected: VirtualHostEntry | null,
): HostExplanation {
  const h = hostWithoutPort(host);
  const served = new Set(table.entries.map((e) => e.vhost));
  const candidates: HostCandidate[] = [];
  const others = new Set<string>();
  for (const vhost of vhosts) {
    const best = bestDomain(vhost, h);
    const isSelected = selected !== null && selected.vhost === vhost;
    if (best === null && !isSelected) {
      for (const r of vhost.rules) others.add(r.route);
      continue;
    }
    const isServed = served.has(vhost);
    const matched = best === null ? null : `${best.domain} (${best.kind})`;
    let reason: string;
    if (isSelected) reason = `selected: ${matched ?? "host lookup"}`;
    else if (!isServed)
      reason = `bound to ${vhost.gateways.map((g) => `gateway ${g}`).join(", ")}; the request arrives through ${via(gateway)}`;
    else
      reason = `${matched} matches too, but route ${selected ? routesOf(selected.vhost) : "?"} is chosen first (exact domains, then Kubernetes short names, then the longest wildcard, then *; on a shared domain, gateway-bound routes before mesh-wide ones, then by name)`;
    candidates.push({
      route: routesOf(vhost),
      domains: vhost.domains,
      gateways: vhost.gateways,
      matchedDomain: best?.domain ?? null,
      served: isServed,
      selected: isSelected,
      reason,
    });
  }
  // A route with several hosts has an entry per host: it counts once, and not at all when one of them matched.
  for (const c of candidates) for (const r of c.route.split(", ")) others.delete(r);
  return { candidates, others: others.size };
}
