import type { ApiIssue } from "@/lib/core/api/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { layoutMesh } from "./layout.ts";
import { ruleSummary } from "./rule-summary.ts";
import { nodeId, type MeshEdge, type MeshNode, type WeightEdge } from "./types.ts";

const issueTouches = (issues: readonly ApiIssue[], prefix: (string | number)[]) =>
  issues.some((i) => prefix.every((p, k) => String(i.path[k]) === String(p)));

function weightEdges(mesh: MeshConfig, issues: readonly ApiIssue[]): WeightEdge[] {
  const known = new Set(mesh.services.flatMap((s) => s.versions.map((v) => `${s.name}/${v.name}`)));
  const edges: WeightEdge[] = [];
  mesh.routes.forEach((route, routeIndex) => {
    route.rules.forEach((rule, ruleIndex) => {
      rule.destinations.forEach((d, destIndex) => {
        if (!known.has(`${d.service}/${d.version}`)) return;
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

/** Domain model → React Flow nodes and edges (positions from the pure layout). */
export function meshToFlow(
  mesh: MeshConfig,
  issues: readonly ApiIssue[] = [],
): { nodes: MeshNode[]; edges: MeshEdge[] } {
  const layout = layoutMesh(mesh);
  const nodes: MeshNode[] = [];
  for (const g of mesh.gateways) {
    const b = layout.gateways.get(g.name)!;
    nodes.push({
      id: nodeId.gateway(g.name),
      type: "gateway",
      position: { x: b.x, y: b.y },
      data: { gateway: g },
      width: b.width,
      height: b.height,
    });
  }
  mesh.routes.forEach((r, index) => {
    const b = layout.routes.get(r.name)!;
    const invalidRules = r.rules.map((_, i) => i).filter((i) => issueTouches(issues, ["routes", index, "rules", i]));
    nodes.push({
      id: nodeId.route(r.name),
      type: "route",
      position: { x: b.x, y: b.y },
      data: { name: r.name, hosts: r.hosts, rules: r.rules.map(ruleSummary), index, invalidRules },
      width: b.width,
      height: b.height,
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
    const b = layout.services.get(s.name)!;
    const id = nodeId.service(s.name);
    nodes.push({
      id,
      type: "service",
      position: { x: b.x, y: b.y },
      data: { service: s, index },
      width: b.width,
      height: b.height,
      style: { width: b.width, height: b.height },
    });
    for (const v of s.versions) {
      const vb = layout.versions.get(`${s.name}/${v.name}`)!;
      nodes.push({
        id: nodeId.version(s.name, v.name),
        type: "version",
        parentId: id,
        extent: "parent",
        position: { x: vb.x, y: vb.y },
        data: { service: s.name, version: v, inboundRules: inbound.get(`${s.name}/${v.name}`) ?? 0 },
        width: vb.width,
        height: vb.height,
      });
    }
  });
  const gatewayEdges: MeshEdge[] = mesh.routes.flatMap((r) =>
    (r.gateways.length ? r.gateways : mesh.gateways.map((g) => g.name))
      .filter((g) => mesh.gateways.some((x) => x.name === g))
      .map((g) => ({
        id: `gw:${g}->${r.name}`,
        source: nodeId.gateway(g),
        target: nodeId.route(r.name),
        type: "smoothstep",
        className: "edge-bind",
      })),
  );
  return { nodes, edges: [...gatewayEdges, ...weightEdges(mesh, issues)] };
}
