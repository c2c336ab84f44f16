import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import type { Edge } from "@xyflow/react";
import { bindEdges } from "./bind-edges.ts";
import { buildGraphModel, type GraphModel, type Positions } from "./graph-model.ts";
import { layoutMesh, SIZE } from "./layout.ts";
import { OVERVIEW_MIN_NODES } from "./zoom.ts";
import { ruleSummary } from "./rule-summary.ts";
import { nodeId, type MeshEdge, type MeshNode, type WeightEdge } from "./types.ts";

const issueTouches = (issues: readonly ApiIssue[], prefix: (string | number)[]) =>
  issues.some((i) => prefix.every((p, k) => String(i.path[k]) === String(p)));

function weightEdges(mesh: MeshConfig, issues: readonly ApiIssue[]): WeightEdge[] {
  const known = new Set(mesh.services.flatMap((s) => s.versions.map((v) => `${s.name}/${v.name}`)));
  const edges: WeightEdge[] = [];
  const pairs = new Set<string>();
  mesh.routes.forEach((route, routeIndex) => {
    route.rules.forEach((rule, ruleIndex) => {
      rule.destinations.forEach((d, destIndex) => {
        if (!known.has(`${d.service}/${d.version}`)) return;
        const pair = `${route.name}>${d.service}/${d.version}`;
        const showsTraffic = !pairs.has(pair);
        pairs.add(pair);
        edges.push({
          id: `w:${route.name}/${ruleIndex}/${destIndex}`,
          type: "weight",
          source: nodeId.route(route.name),
          sourceHandle: `rule-${ruleIndex}`,
          target: nodeId.version(d.service, d.version),
          data: {
            route: route.name,
            routeIndex,
            ruleIndex,
            destIndex,
            service: d.service,
            version: d.version,
            weight: d.weight,
            invalid: issueTouches(issues, ["routes", routeIndex, "rules", ruleIndex, "destinations"]),
            labelT: 0.5,
            siblings: rule.destinations.length,
            showsTraffic,
          },
        });
      });
    });
  });
  const byTarget = new Map<string, WeightEdge[]>();
  for (const e of edges) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e]);
  for (const group of byTarget.values()) {
    group.forEach((e, k) => {
      if (e.data && group.length > 1) e.data.labelT = 0.3 + (0.45 * k) / (group.length - 1);
    });
  }
  return edges;
}

/** What to draw and where: the view's graph model and its positions (see graph-model.ts). */
export interface Scene {
  model: GraphModel;
  positions: Positions;
}

/** The ungrouped scene at the pure column layout's positions (tests and the no-layout-yet fallback). */
export function columnScene(mesh: MeshConfig): Scene {
  const layout = layoutMesh(mesh);
  const model = buildGraphModel(mesh, { grouping: "none", collapsed: new Set(), focus: null });
  const positions: Positions = {};
  for (const [name, b] of layout.gateways) positions[nodeId.gateway(name)] = b;
  for (const [name, b] of layout.routes) positions[nodeId.route(name)] = b;
  for (const [name, b] of layout.services) positions[nodeId.service(name)] = b;
  return { model, positions };
}

const versionBox = (i: number) => ({
  x: SIZE.service.padding,
  y: SIZE.service.header + i * (SIZE.version.height + SIZE.version.gap),
  width: SIZE.version.width,
  height: SIZE.version.height,
});

/**
 * Domain model → React Flow nodes and edges. Group frames come first (React Flow wants parents before children);
 * members of a collapsed group are replaced by the group's aggregate node, and their edges end there instead.
 * Every node carries its size as `measured` (the layout decided it; CSS draws nodes at that size): React Flow can
 * fit the view without waiting for the browser, and keeps a node's measured handles when the node object changes.
 */
export function meshToFlow(
  mesh: MeshConfig,
  issues: readonly ApiIssue[] = [],
  scene: Scene = columnScene(mesh),
): { nodes: MeshNode[]; edges: MeshEdge[] } {
  const { model, positions } = scene;
  const at = (id: string) => positions[id] ?? { x: 0, y: 0, width: 0, height: 0 };
  const nodes: MeshNode[] = [];
  /** Member id → where it is drawn: its own id, or its collapsed group's. */
  const drawnAs = new Map<string, string>();
  const parentOf = new Map<string, string>();
  for (const g of model.groups) {
    for (const m of g.members) {
      drawnAs.set(m.id, g.collapsed ? g.id : m.id);
      if (g.id && !g.collapsed) parentOf.set(m.id, g.id);
    }
    if (!g.id) continue;
    const b = at(g.id);
    const count = (kind: string) => g.members.filter((m) => m.kind === kind).length;
    nodes.push({
      id: g.id,
      type: g.collapsed ? "groupCollapsed" : "meshGroup",
      position: { x: b.x, y: b.y },
      data: {
        groupId: g.id,
        label: g.label,
        gateways: count("gateway"),
        routes: count("route"),
        services: count("service"),
        members: g.members.map((m) => m.id),
      },
      width: b.width,
      height: b.height,
      measured: { width: b.width, height: b.height },
      style: { width: b.width, height: b.height },
      selectable: g.collapsed,
      zIndex: g.collapsed ? 0 : -1,
    });
  }
  const place = (id: string) => {
    const b = at(id);
    const parentId = parentOf.get(id);
    return {
      position: { x: b.x, y: b.y },
      width: b.width,
      height: b.height,
      measured: { width: b.width, height: b.height },
      ...(parentId ? { parentId } : {}),
    };
  };
  const shown = (id: string) => drawnAs.get(id) === id;
  for (const g of mesh.gateways) {
    const id = nodeId.gateway(g.name);
    if (shown(id)) nodes.push({ id, type: "gateway", data: { gateway: g }, ...place(id) });
  }
  mesh.routes.forEach((r, index) => {
    const id = nodeId.route(r.name);
    if (!shown(id)) return;
    const invalidRules = r.rules.map((_, i) => i).filter((i) => issueTouches(issues, ["routes", index, "rules", i]));
    nodes.push({
      id,
      type: "route",
      data: { name: r.name, hosts: r.hosts, rules: r.rules.map(ruleSummary), index, invalidRules },
      ...place(id),
    });
  });
  const inbound = new Map<string, number>();
  for (const r of mesh.routes)
    for (const rule of r.rules)
      for (const d of rule.destinations) {
        const k = `${d.service}/${d.version}`;
        inbound.set(k, (inbound.get(k) ?? 0) + 1);
      }
  mesh.services.forEach((s, index) => {
    const id = nodeId.service(s.name);
    if (!shown(id)) return;
    const p = place(id);
    nodes.push({ id, type: "service", data: { service: s, index }, ...p, style: { width: p.width, height: p.height } });
    s.versions.forEach((v, i) => {
      const vb = versionBox(i);
      nodes.push({
        id: nodeId.version(s.name, v.name),
        type: "version",
        parentId: id,
        extent: "parent",
        position: { x: vb.x, y: vb.y },
        data: { service: s.name, version: v, inboundRules: inbound.get(`${s.name}/${v.name}`) ?? 0 },
        width: vb.width,
        height: vb.height,
        measured: { width: vb.width, height: vb.height },
      });
    });
  });

  const edges: MeshEdge[] = [];
  const aggregated = new Map<string, Edge>();
  /** An edge with an end inside a collapsed group becomes one plain edge per pair of drawn ends. */
  const endOf = (id: string) => {
    const ver = id.startsWith("ver:") ? nodeId.service(id.slice(4).split("/")[0]!) : id;
    return drawnAs.get(ver);
  };
  const groupOf = new Map<string, string>();
  for (const g of model.groups) for (const m of g.members) groupOf.set(m.id, g.id);
  const large = groupOf.size > OVERVIEW_MIN_NODES;
  const addOrAggregate = (e: MeshEdge) => {
    const s = endOf(e.source);
    const t = endOf(e.target);
    if (!s || !t) return; // an end outside the focused neighbourhood
    // On a large graph a gateway's bindings into another group end at that group's frame, one edge per pair:
    // hundreds of long lines across the whole mesh are neither readable nor cheap to draw.
    const tg = groupOf.get(e.target);
    if (large && e.className === "edge-bind" && tg && groupOf.get(e.source) !== tg && t === e.target) {
      const id = `agg:${s}->${tg}`;
      if (!aggregated.has(id)) aggregated.set(id, { id, source: s, target: tg, className: "edge-aggregate" });
      return;
    }
    const sourceMember = e.source.startsWith("ver:") ? nodeId.service(e.source.slice(4).split("/")[0]!) : e.source;
    const targetMember = e.target.startsWith("ver:") ? nodeId.service(e.target.slice(4).split("/")[0]!) : e.target;
    if (s === sourceMember && t === targetMember) return edges.push(e);
    if (s === t) return; // both ends folded into one group
    const id = `agg:${s}->${t}`;
    if (!aggregated.has(id)) aggregated.set(id, { id, source: s, target: t, className: "edge-aggregate" });
  };
  for (const e of bindEdges(mesh, issues)) addOrAggregate(e);
  for (const e of weightEdges(mesh, issues)) addOrAggregate(e);
  return { nodes, edges: [...edges, ...aggregated.values()] };
}
