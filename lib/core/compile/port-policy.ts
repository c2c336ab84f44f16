import type { Service, TrafficPolicy, Version } from "../model/index.ts";

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
 * the service-level policy.
 */
export function clusterPort(svc: Service, ver: Version): number | undefined {
  if (svc.ports.length === 1) return svc.ports[0]!.number;
  if (svc.ports.length > 1 || ver.endpoints.length === 0) return undefined;
  const port = ver.endpoints[0]!.port;
  return ver.endpoints.every((e) => e.port === port) ? port : undefined;
}
