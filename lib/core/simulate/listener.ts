import type { SimulatedRequest, Simulation } from "../api/simulate.ts";
import { hostWithoutPort } from "../routing/match.ts";
import type { SnapshotConfig } from "../snapshot/schema.ts";

type Listener = SnapshotConfig["listeners"][number];

function listensFor(l: Listener, host: string): boolean {
  const h = hostWithoutPort(host);
  return l.hosts.some((d) => d === "*" || d === h || (d.startsWith("*.") && h.endsWith(d.slice(1))));
}

function view(l: Listener): NonNullable<Simulation["listener"]> {
  return { gateway: l.gateway, name: l.name, port: l.port, protocol: l.protocol, hosts: l.hosts };
}

/**
 * Which proxy gets the request: a gateway's (named, or found by its listener port) or the mesh's (a proxy without
 * --gateway), and the listener it comes in through. The port also picks the routes when they differ between the
 * gateway's ports (VirtualHost.ports); a host the listener does not list is noted (a proxy on that port answers 404).
 */
export function pickListener(
  config: SnapshotConfig,
  request: Pick<SimulatedRequest, "gateway" | "port" | "host">,
  notes: string[],
): { gateway: string | null; listener: Simulation["listener"] } {
  let gateway = request.gateway ?? null;
  if (gateway === null && request.port !== undefined) {
    const onPort = config.listeners.filter((l) => l.port === request.port);
    const gateways = [...new Set(onPort.map((l) => l.gateway))];
    if (gateways.length === 0) notes.push(`no gateway listens on port ${request.port}: simulated through the mesh`);
    else {
      gateway = gateways[0]!;
      if (gateways.length > 1)
        notes.push(`gateways ${gateways.join(", ")} all listen on port ${request.port}: simulated through ${gateway}`);
    }
  }
  if (gateway === null) return { gateway, listener: null };
  const own = config.listeners.filter((l) => l.gateway === gateway);
  if (own.length === 0) {
    notes.push(`gateway ${gateway} is not in this config: its proxies serve only the mesh-wide routes`);
    return { gateway, listener: null };
  }
  const candidates = request.port === undefined ? own : own.filter((l) => l.port === request.port);
  if (candidates.length === 0) {
    notes.push(`gateway ${gateway} has no listener on port ${request.port}`);
    return { gateway, listener: null };
  }
  const listener = candidates.find((l) => listensFor(l, request.host)) ?? candidates[0]!;
  if (!listensFor(listener, request.host))
    notes.push(
      `listener ${listener.name} does not list host ${hostWithoutPort(request.host)}: a proxy on port ${listener.port} answers 404 for it`,
    );
  return { gateway, listener: view(listener) };
}
