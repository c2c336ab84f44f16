import ELK, { type ElkNode } from "elkjs/lib/elk-api.js";
import { GROUP_SIZE, type GraphModel, type Positions } from "./graph-model.ts";

/** Each group: a left-to-right layered layout of its members (ELK's Sugiyama implementation). */
const LAYERED = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.spacing.nodeNode": "24",
  // Room for the weight and traffic labels on route → version edges (as the column layout leaves).
  "elk.layered.spacing.nodeNodeBetweenLayers": "390",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
};

/** The model as an ELK graph: groups packed as rectangles, each laid out layered inside (links across groups are drawn, not laid out). */
export function toElkGraph(model: GraphModel): ElkNode {
  const groupOf = new Map<string, string>();
  for (const g of model.groups) for (const m of g.members) groupOf.set(m.id, g.id);
  const edgesOf = (gid: string) =>
    model.links
      .filter((l) => groupOf.get(l.source) === gid && groupOf.get(l.target) === gid)
      .map((l, i) => ({ id: `${gid}#${i}`, sources: [l.source], targets: [l.target] }));
  const members = (gid: string) =>
    model.groups.find((g) => g.id === gid)!.members.map((m) => ({ id: m.id, width: m.width, height: m.height }));
  const frameless = model.groups.length === 1 && model.groups[0]!.id === "";
  if (frameless) return { id: "root", layoutOptions: LAYERED, children: members(""), edges: edgesOf("") };
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "rectpacking",
      "elk.aspectRatio": "1.6",
      "elk.spacing.nodeNode": "60",
      "elk.rectpacking.trybox": "false",
    },
    children: model.groups.map((g) =>
      g.collapsed
        ? { id: g.id, ...GROUP_SIZE.collapsed }
        : {
            id: g.id,
            layoutOptions: {
              ...LAYERED,
              "elk.padding": `[top=${GROUP_SIZE.header + 8},left=${GROUP_SIZE.padding},bottom=${GROUP_SIZE.padding},right=${GROUP_SIZE.padding}]`,
            },
            children: members(g.id),
            edges: edgesOf(g.id),
          },
    ),
  };
}

/** ELK's answer as positions: groups absolute, members relative to their group (ELK's own convention). */
export function fromElkGraph(root: ElkNode): Positions {
  const out: Positions = {};
  const put = (n: ElkNode) => {
    out[n.id] = { x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 };
  };
  for (const child of root.children ?? []) {
    put(child);
    for (const m of child.children ?? []) put(m);
  }
  return out;
}

/** Served by app/assets/elk-worker.js/route.ts. */
export const ELK_WORKER_URL = "/assets/elk-worker.js";

let elk: InstanceType<typeof ELK> | null = null;

/** Lays the model out in a Web Worker; the main thread only converts the graph and reads the answer. */
export async function elkLayout(model: GraphModel): Promise<Positions> {
  elk ??= new ELK({ workerUrl: ELK_WORKER_URL });
  return fromElkGraph(await elk.layout(toElkGraph(model)));
}
