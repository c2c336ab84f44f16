import type { MeshConfig } from "@/lib/core/index.ts";
import { gatewayHeight, routeHeight, routeOrder, serviceHeight, serviceOrder, SIZE } from "./layout.ts";
import { nodeId } from "./types.ts";

/**
 * What the topology shows at a given moment, before positions: which top-level nodes (gateways, routes, services;
 * versions ride inside their service), in which group, and the structural edges between them. Pure: the layout
 * (worker or provisional) and the React Flow conversion both start from this.
 */
export type Grouping = "namespace" | "gateway" | "none";
export const GROUPINGS: readonly Grouping[] = ["namespace", "gateway", "none"];

export interface GraphView {
  grouping: Grouping;
  /** Group ids shown as one aggregate node. */
  collapsed: ReadonlySet<string>;
  /** Only this service's neighbourhood, `hops` steps over gateway–route–service links. */
  focus: { service: string; hops: number } | null;
}

export type MemberKind = "gateway" | "route" | "service";
export interface Member {
  id: string;
  kind: MemberKind;
  name: string;
  width: number;
  height: number;
}
export interface Group {
  /** `group:<grouping>:<key>`; the empty string is the frameless group of the "none" grouping. */
  id: string;
  label: string;
  members: Member[];
  collapsed: boolean;
}
export interface GraphModel {
  groups: Group[];
  /** Structural links between members (gateway → route, route → service), deduplicated. */
  links: { source: string; target: string }[];
}

export const GROUP_SIZE = { collapsed: { width: 230, height: 86 }, header: 36, padding: 16 };

/**
 * The namespace a host names: `name.ns.svc[.cluster.local]` (Kubernetes service DNS) → `ns`; another dotted host →
 * the domain after its first label (`reviews.demo.local` → `demo.local`); a single label → `default`. Signalbox
 * keeps no namespace of its own (one workload namespace), so the host is the only trace an imported mesh keeps.
 */
export function namespaceOf(host: string): string {
  const labels = host.replace(/^\*\./, "").toLowerCase().split(".");
  const svc = labels.indexOf("svc");
  if (svc === 2) return labels[1]!;
  return labels.length > 1 ? labels.slice(1).join(".") : "default";
}

export const groupId = (grouping: Grouping, key: string) => (grouping === "none" ? "" : `group:${grouping}:${key}`);

/** Gateways a route binds: its own list, or every gateway when it names none (as the proxy reads it). */
function boundGateways(mesh: MeshConfig, gateways: string[]): string[] {
  const known = mesh.gateways.map((g) => g.name);
  return gateways.length ? gateways.filter((g) => known.includes(g)) : known;
}

/** Undirected gateway–route–service adjacency, by node id. */
export function adjacency(mesh: MeshConfig): Map<string, Set<string>> {
  const adj = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    (adj.get(a) ?? adj.set(a, new Set()).get(a)!).add(b);
    (adj.get(b) ?? adj.set(b, new Set()).get(b)!).add(a);
  };
  const services = new Set(mesh.services.map((s) => s.name));
  for (const r of mesh.routes) {
    const rid = nodeId.route(r.name);
    for (const g of boundGateways(mesh, r.gateways)) link(nodeId.gateway(g), rid);
    for (const rule of r.rules)
      for (const d of rule.destinations) if (services.has(d.service)) link(rid, nodeId.service(d.service));
  }
  return adj;
}

/** Node ids within `hops` links of a service (breadth-first over `adjacency`), the service included. */
export function neighbourhood(mesh: MeshConfig, service: string, hops: number): Set<string> {
  const adj = adjacency(mesh);
  const start = nodeId.service(service);
  const seen = new Set([start]);
  let frontier = [start];
  for (let h = 0; h < hops && frontier.length; h++) {
    const next: string[] = [];
    for (const id of frontier)
      for (const n of adj.get(id) ?? [])
        if (!seen.has(n)) {
          seen.add(n);
          next.push(n);
        }
    frontier = next;
  }
  return seen;
}

/** Which group each top-level node belongs to under `grouping`. */
function groupKeys(mesh: MeshConfig, grouping: Grouping): Map<string, { key: string; label: string }> {
  const out = new Map<string, { key: string; label: string }>();
  if (grouping === "none") return out;
  const nsOf = new Map(mesh.services.map((s) => [s.name, namespaceOf(s.host)]));
  if (grouping === "namespace") {
    for (const g of mesh.gateways) out.set(nodeId.gateway(g.name), { key: "~gateways", label: "gateways" });
    for (const s of mesh.services)
      out.set(nodeId.service(s.name), { key: nsOf.get(s.name)!, label: nsOf.get(s.name)! });
    for (const r of mesh.routes) {
      // A route lives with the services it sends to (its first destination), else with its first host.
      const dest = r.rules.flatMap((rule) => rule.destinations).find((d) => nsOf.has(d.service));
      const ns = dest ? nsOf.get(dest.service)! : namespaceOf(r.hosts[0] ?? "default");
      out.set(nodeId.route(r.name), { key: ns, label: ns });
    }
    return out;
  }
  // By gateway: each gateway with the routes it binds first and the services those routes reach first.
  for (const g of mesh.gateways) out.set(nodeId.gateway(g.name), { key: g.name, label: `gateway ${g.name}` });
  const byRoute = new Map(mesh.routes.map((r) => [r.name, r]));
  for (const name of routeOrder(mesh)) {
    const r = byRoute.get(name)!;
    const gw = boundGateways(mesh, r.gateways)[0];
    const group = gw ? { key: gw, label: `gateway ${gw}` } : { key: "~mesh", label: "mesh-internal routes" };
    out.set(nodeId.route(r.name), group);
    for (const rule of r.rules)
      for (const d of rule.destinations) {
        const sid = nodeId.service(d.service);
        if (nsOf.has(d.service) && !out.has(sid)) out.set(sid, group);
      }
  }
  for (const s of mesh.services)
    if (!out.has(nodeId.service(s.name))) out.set(nodeId.service(s.name), { key: "~unrouted", label: "unrouted" });
  return out;
}

/** The view's graph: members (filtered by focus), grouped, with their links. */
export function buildGraphModel(mesh: MeshConfig, view: GraphView): GraphModel {
  const keep = view.focus ? neighbourhood(mesh, view.focus.service, view.focus.hops) : null;
  const keys = groupKeys(mesh, view.grouping);
  const groups = new Map<string, Group>();
  const add = (m: Member) => {
    if (keep && !keep.has(m.id)) return;
    const k = keys.get(m.id);
    const id = k ? groupId(view.grouping, k.key) : "";
    let g = groups.get(id);
    if (!g)
      groups.set(id, (g = { id, label: k?.label ?? "", members: [], collapsed: id !== "" && view.collapsed.has(id) }));
    g.members.push(m);
  };
  const routes = routeOrder(mesh);
  const byRoute = new Map(mesh.routes.map((r) => [r.name, r]));
  const bySvc = new Map(mesh.services.map((s) => [s.name, s]));
  for (const g of mesh.gateways)
    add({
      id: nodeId.gateway(g.name),
      kind: "gateway",
      name: g.name,
      width: SIZE.gateway.width,
      height: gatewayHeight(g.listeners.length),
    });
  for (const name of routes)
    add({
      id: nodeId.route(name),
      kind: "route",
      name,
      width: SIZE.route.width,
      height: routeHeight(byRoute.get(name)!.rules.length),
    });
  for (const name of serviceOrder(mesh, routes))
    add({
      id: nodeId.service(name),
      kind: "service",
      name,
      width: SIZE.service.width,
      height: serviceHeight(bySvc.get(name)!.versions.length),
    });
  const present = new Set([...groups.values()].flatMap((g) => g.members.map((m) => m.id)));
  const seen = new Set<string>();
  const links: GraphModel["links"] = [];
  for (const [a, ns] of adjacency(mesh))
    for (const b of ns) {
      // adjacency is undirected; keep the gateway → route → service direction once.
      const rank = (id: string) => (id.startsWith("gw:") ? 0 : id.startsWith("route:") ? 1 : 2);
      const [source, target] = rank(a) <= rank(b) ? [a, b] : [b, a];
      const k = `${source}|${target}`;
      if (present.has(source) && present.has(target) && !seen.has(k)) {
        seen.add(k);
        links.push({ source, target });
      }
    }
  const ordered = [...groups.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { groups: ordered, links };
}

/** Everything a layout depends on (sizes, membership, links), so equal keys can share one cached layout. */
export function layoutKey(model: GraphModel): string {
  const text = JSON.stringify([
    model.groups.map((g) => [g.id, g.collapsed, g.members.map((m) => [m.id, m.width, m.height])]),
    model.links.map((l) => [l.source, l.target]),
  ]);
  // FNV-1a, 2 × 32 bits: a short key for the cache; collisions only cost a wrong-but-valid layout.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}-${text.length}`;
}

/** Position and size of a group (absolute) or member (relative to its group's frame, absolute without one). */
export interface Placed {
  x: number;
  y: number;
  width: number;
  height: number;
}
export type Positions = Record<string, Placed>;

function stackColumns(members: Member[]): { placed: Positions; width: number; height: number } {
  const columns: MemberKind[] = ["gateway", "route", "service"];
  const xs = [0, SIZE.columnX[1], SIZE.columnX[1] + SIZE.route.width + 390];
  const placed: Positions = {};
  let height = 0;
  let width = 0;
  columns.forEach((kind, c) => {
    let y = 0;
    const col = members.filter((m) => m.kind === kind);
    if (!col.length) return;
    for (const m of col) {
      placed[m.id] = { x: xs[c]!, y, width: m.width, height: m.height };
      y += m.height + SIZE.gapY;
    }
    height = Math.max(height, y - SIZE.gapY);
    width = Math.max(width, xs[c]! + Math.max(...col.map((m) => m.width)));
  });
  return { placed, width, height };
}

/**
 * A cheap layout drawn at once while the layered one is computed off the main thread: each group's members in
 * three columns, groups packed in rows about as wide as they are tall overall.
 */
export function provisionalLayout(model: GraphModel): Positions {
  const out: Positions = {};
  const boxes = model.groups.map((g) => {
    if (g.collapsed) return { g, inner: null, ...GROUP_SIZE.collapsed };
    const inner = stackColumns(g.members);
    const pad = g.id ? GROUP_SIZE.padding : 0;
    const head = g.id ? GROUP_SIZE.header : 0;
    return { g, inner, width: inner.width + 2 * pad, height: inner.height + head + pad };
  });
  const area = boxes.reduce((a, b) => a + (b.width + 60) * (b.height + 60), 0);
  const rowWidth = Math.max(1200, Math.sqrt(area) * 1.5);
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.width > rowWidth) {
      x = 0;
      y += rowHeight + 60;
      rowHeight = 0;
    }
    const pad = b.g.id ? GROUP_SIZE.padding : 0;
    const head = b.g.id ? GROUP_SIZE.header : 0;
    if (b.g.id) out[b.g.id] = { x, y, width: b.width, height: b.height };
    for (const [id, p] of Object.entries(b.inner?.placed ?? {}))
      out[id] = b.g.id ? { ...p, x: p.x + pad, y: p.y + head } : { ...p, x: p.x + x, y: p.y + y };
    x += b.width + 60;
    rowHeight = Math.max(rowHeight, b.height);
  }
  return out;
}
