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

/**
 * Where a mesh edge's label is drawn (flow coordinates): its left-middle point `x, y`, in a lane right of the
 * outermost box around the destination version, and `fromX, fromY`, the version's right-middle point a dotted
 * leader joins it to. The edge itself runs through the service column, where a label at its middle covered the
 * version nodes and the route weight controls.
 */
export type MeshLabelPlace = { x: number; y: number; fromX: number; fromY: number };

export type MeshTrafficEdgeData = MeshTrafficEdge & { label?: MeshLabelPlace };

/**
 * Height a mesh label takes at most: four 11 px lines (state, the SPIFFE ID over two, traffic), padding and border
 * (app/globals.css .mesh-edge-label; 58 px measured in Chromium with three lines, 73 with four).
 */
export const MESH_LABEL_HEIGHT = 80;

/** The two lines a caller's SPIFFE ID is shown on: `spiffe://<trust domain>` and its path, so labels stay narrow. */
export function identityLines(identity: string): [string, string] {
  const at = identity.indexOf("/", "spiffe://".length);
  return at < 0 ? [identity, ""] : [identity.slice(0, at), identity.slice(at)];
}

/** Width a label takes at most: 11 px monospace is 6.7 px a character, plus padding and border. */
export function meshLabelWidth(identity: string): number {
  const longest = Math.max(...identityLines(identity).map((l) => l.length));
  return Math.max(210, Math.ceil(longest * 7 + 24));
}

/** The right edge of the rightmost placed label (flow coordinates), or null when none is placed. */
export function meshLabelsRight(edges: readonly { data?: unknown }[]): number | null {
  let right: number | null = null;
  for (const e of edges) {
    const d = e.data as MeshTrafficEdgeData | undefined;
    if (d?.label) right = Math.max(right ?? -Infinity, d.label.x + meshLabelWidth(d.identity));
  }
  return right;
}
/** Space between a label and the box it sits beside, and between two stacked labels. */
const MESH_LABEL_GAP = 16;
const MESH_LABEL_STACK_GAP = 6;

type Box = { x: number; y: number; width: number; height: number };
type Placed = { id: string; position: { x: number; y: number }; width?: number; height?: number; parentId?: string };

/**
 * Places each mesh edge's label beside its destination version, right of the outermost box around it (its service,
 * or the group that holds the service), so no label covers a node; labels in one lane that would overlap are
 * pushed down in the order of their versions. Edges whose version is not among `nodes` keep no place.
 */
export function placeMeshLabels<E extends { target: string; data?: unknown }>(
  edges: readonly E[],
  nodes: readonly Placed[],
): E[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const abs = (n: Placed): { x: number; y: number } => {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (!parent) return n.position;
    const p = abs(parent);
    return { x: p.x + n.position.x, y: p.y + n.position.y };
  };
  const box = (n: Placed): Box => ({ ...abs(n), width: n.width ?? 0, height: n.height ?? 0 });
  const outermost = (n: Placed): Placed => {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    return parent ? outermost(parent) : n;
  };
  const wanted = edges.flatMap((e, i) => {
    const v = byId.get(e.target);
    if (!v) return [];
    const b = box(v);
    const lane = box(outermost(v));
    const from = { fromX: b.x + b.width, fromY: b.y + b.height / 2 };
    return [{ i, x: lane.x + lane.width + MESH_LABEL_GAP, y: from.fromY, ...from }];
  });
  wanted.sort((a, b) => a.x - b.x || a.y - b.y || a.i - b.i);
  const bottomOfLane = new Map<number, number>();
  const places = new Map<number, MeshLabelPlace>();
  for (const w of wanted) {
    const top = Math.max(w.y - MESH_LABEL_HEIGHT / 2, bottomOfLane.get(w.x) ?? -Infinity);
    bottomOfLane.set(w.x, top + MESH_LABEL_HEIGHT + MESH_LABEL_STACK_GAP);
    places.set(w.i, { x: w.x, y: top + MESH_LABEL_HEIGHT / 2, fromX: w.fromX, fromY: w.fromY });
  }
  return edges.map((e, i) => {
    const label = places.get(i);
    return label && e.data ? { ...e, data: { ...e.data, label } } : e;
  });
}

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
