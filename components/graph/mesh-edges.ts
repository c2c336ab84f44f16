import { parseServiceEdgeKey, type MetricsPoint } from "@/lib/core/api/index.ts";
import { MtlsStateSchema, serviceOfSpiffeId, weakestMtlsState, type MtlsState } from "@/lib/core/sidecar/index.ts";
import { trafficByKey, type Traffic } from "./traffic.ts";
import { nodeId, type MeshEdge } from "./types.ts";

/** A service-to-service edge sidecars reported: caller service → destination version, with identity and mTLS. */
export type MeshTrafficEdge = {
  /** The caller's SPIFFE ID. */
  identity: string;
  source: string;
  service: string;
  version: string;
  /** The weakest state seen in the window (plain over permissive over locked). */
  mtls: MtlsState;
  traffic: Traffic;
};

/**
 * The `service-edge` series of a window → one edge per caller service and destination version. Plaintext callers
 * (no identity) and identities that name no service are left out: nothing on the graph stands for them.
 */
export function meshTrafficEdges(points: readonly MetricsPoint[], windowS: number): MeshTrafficEdge[] {
  const byPair = new Map<string, { identity: string; cluster: string; states: MtlsState[]; traffic: Traffic[] }>();
  for (const [key, traffic] of trafficByKey(points, windowS)) {
    const k = parseServiceEdgeKey(key);
    const state = MtlsStateSchema.safeParse(k?.mtls);
    if (!k || !state.success || serviceOfSpiffeId(k.source) === null) continue;
    const pair = `${k.source}>${k.cluster}`;
    const e = byPair.get(pair) ?? { identity: k.source, cluster: k.cluster, states: [], traffic: [] };
    e.states.push(state.data);
    e.traffic.push(traffic);
    byPair.set(pair, e);
  }
  return [...byPair.values()].map((e) => {
    const [service, version] = e.cluster.split("/") as [string, string];
    const rps = e.traffic.reduce((a, t) => a + t.rps, 0);
    const errors = e.traffic.reduce((a, t) => a + t.rps * t.errorRate, 0);
    const p99s = e.traffic.flatMap((t) => (t.p99 === null ? [] : [t.p99]));
    return {
      identity: e.identity,
      source: serviceOfSpiffeId(e.identity)!,
      service,
      version,
      mtls: weakestMtlsState(e.states)!,
      traffic: { rps, errorRate: rps ? errors / rps : 0, p99: p99s.length ? Math.max(...p99s) : null },
    };
  });
}

export type MeshTrafficEdgeData = MeshTrafficEdge;

/** React Flow edges for the mesh edges whose two ends are drawn (a service node, a version inside its service). */
export function meshFlowEdges(edges: readonly MeshTrafficEdge[], drawn: ReadonlySet<string>): MeshEdge[] {
  return edges.flatMap((e) => {
    const source = nodeId.service(e.source);
    const target = nodeId.version(e.service, e.version);
    if (!drawn.has(source) || !drawn.has(target)) return [];
    const id = `mesh:${e.source}->${e.service}/${e.version}`;
    return [{ id, source, sourceHandle: "mesh-out", target, type: "mesh", data: e, selectable: false }];
  });
}
