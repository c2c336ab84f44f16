import type { AccessCheckRequest, AccessWorkloadResult } from "../api/access.ts";
import type { SnapshotConfig } from "../snapshot/schema.ts";
import { explain, preparePolicies } from "./evaluate.ts";
import { principalOf, type AuthzRequest } from "./request.ts";

/**
 * The dry run on a compiled snapshot: for each selected workload (a service's versions, or a gateway), the policies
 * the proxy would evaluate there, explained. Null when the target names nothing in the snapshot.
 */
export function checkAccess(config: SnapshotConfig, input: AccessCheckRequest): AccessWorkloadResult[] | null {
  const { target, caller, request } = input;
  const workloads =
    target.kind === "gateway"
      ? config.listeners.some((l) => l.gateway === target.name)
        ? [{ id: `gateway/${target.name}`, has: (p: { gateways: string[] }) => p.gateways.includes(target.name) }]
        : []
      : config.clusters
          .filter((c) => c.service === target.name && (target.version === undefined || c.version === target.version))
          .map((c) => ({ id: c.name, has: (p: { clusters: string[] }) => p.clusters.includes(c.name) }));
  if (workloads.length === 0) return null;
  const spiffe =
    caller.principal === undefined
      ? null
      : caller.principal.startsWith("spiffe://")
        ? caller.principal
        : `spiffe://${caller.principal}`;
  const id = principalOf(spiffe);
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const req: AuthzRequest = {
    principal: id.principal,
    namespace: caller.namespace ?? id.namespace,
    sourceIp: caller.ip,
    remoteIp: caller.remoteIp ?? caller.ip,
    method: request.method,
    path: request.path.split("?")[0]!,
    host: request.host,
    port: request.port,
    header: (name) => headers[name],
  };
  return workloads.map((w) => {
    const out = explain(preparePolicies((config.authorization ?? []).filter(w.has)), req);
    return { workload: w.id, ...out };
  });
}
