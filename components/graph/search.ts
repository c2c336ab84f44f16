import type { MeshConfig } from "@/lib/core/index.ts";
import { nodeId } from "./types.ts";

/** Gateways, routes and services whose name (or a service's host) contains the query, case-insensitively. */
export function searchMesh(mesh: MeshConfig, query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return [
    ...mesh.gateways.filter((g) => g.name.toLowerCase().includes(q)).map((g) => nodeId.gateway(g.name)),
    ...mesh.routes
      .filter((r) => r.name.toLowerCase().includes(q) || r.hosts.some((h) => h.toLowerCase().includes(q)))
      .map((r) => nodeId.route(r.name)),
    ...mesh.services
      .filter((s) => s.name.toLowerCase().includes(q) || s.host.toLowerCase().includes(q))
      .map((s) => nodeId.service(s.name)),
  ];
}
