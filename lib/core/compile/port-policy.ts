import type { Endpoint, Service, ServicePort, TrafficPolicy, Version } from "../model/index.ts";
import type { ClusterPort } from "../snapshot/schema.ts";

/**
 * The traffic policy for one service port: the port's `portLevelSettings` entry over the service-level policy, part by
 * part (a part the port sets replaces the service's whole, as Istio merges them); no entry, or no port: the service's.
 * Never carries portLevelSettings itself, so the proxy reads one policy per cluster.
 */
export function policyForPort(policy: TrafficPolicy | undefined, port: number | undefined): TrafficPolicy | undefined {
  if (!policy) return undefined;
  const { portLevelSettings, ...base } = policy;
  const own = port === undefined ? undefined : portLevelSettings?.find((p) => p.port === port);
  if (!own) return portLevelSettings ? nonEmpty(base) : policy;
  const merged: TrafficPolicy = { ...base };
  if (own.loadBalancer) merged.loadBalancer = own.loadBalancer;
  if (own.connectionPool) merged.connectionPool = own.connectionPool;
  if (own.outlierDetection) merged.outlierDetection = own.outlierDetection;
  if (own.tls) merged.tls = own.tls;
  return merged;
}

const nonEmpty = (p: TrafficPolicy): TrafficPolicy | undefined => (Object.keys(p).length > 0 ? p : undefined);

/**
 * The one port every request to a version of `svc` uses, which picks its port-level settings: the service's only
 * port (every destination names it, or names none), else the port all the version's endpoints listen on. Undefined
 * when requests may use several (ports named per destination, endpoints on different ports): the cluster then keeps
 * the service-level policy, and a destination naming a port gets that port's (clusterPorts).
 */
export function clusterPort(svc: Service, ver: Version): number | undefined {
  if (svc.ports.length === 1) return svc.ports[0]!.number;
  if (svc.ports.length > 1 || ver.endpoints.length === 0) return undefined;
  const port = ver.endpoints[0]!.port;
  return ver.endpoints.every((e) => e.port === port) ? port : undefined;
}

/** The endpoints a destination naming `port` reaches: each on the number its `ports` map gives, else its own. */
export function endpointsForPort(endpoints: readonly Endpoint[], port: ServicePort | undefined): Endpoint[] {
  return endpoints.map(({ ports, ...e }) => {
    const own = port === undefined ? undefined : ports?.[port.name];
    return own === undefined ? e : { ...e, port: own };
  });
}

/**
 * A cluster's per-port variants (snapshot `byPort`): for each port of a multi-port service, the endpoints and policy
 * a destination naming it gets, listed only where they differ from the cluster's own (`base`), so a service whose
 * ports all behave the same compiles as before. A single-port service needs none: its cluster is already that port's.
 */
export function clusterPorts(
  svc: Service,
  ver: Version,
  base: { endpoints: readonly Endpoint[]; trafficPolicy?: TrafficPolicy },
  sortEndpoints: (eps: Endpoint[]) => Endpoint[],
): ClusterPort[] {
  if (svc.ports.length < 2) return [];
  const baseKey = JSON.stringify([base.endpoints, base.trafficPolicy]);
  const out: ClusterPort[] = [];
  for (const p of [...svc.ports].sort((a, b) => a.number - b.number)) {
    const policy = withVersionTls(policyForPort(svc.trafficPolicy, p.number), ver);
    const endpoints = sortEndpoints(endpointsForPort(ver.endpoints, p));
    if (JSON.stringify([endpoints, policy]) === baseKey) continue;
    out.push({ port: p.number, endpoints, ...(policy ? { trafficPolicy: policy } : {}) });
  }
  return out;
}

/** A version's own TLS replaces the service's (and its port's), as an Istio subset's trafficPolicy overrides. */
export function withVersionTls(policy: TrafficPolicy | undefined, ver: Version): TrafficPolicy | undefined {
  return ver.tls ? { ...policy, tls: ver.tls } : policy;
}
