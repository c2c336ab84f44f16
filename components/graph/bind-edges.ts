import type { ApiIssue } from "@/lib/core/api/index.ts";
import { refSelects } from "@/lib/core/compile/hostnames.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { nodeId, type BindEdge } from "./types.ts";

/** The handle a gateway node draws for "every listener" (its header) and the one of its listener `i`. */
export const GATEWAY_HANDLE = "all";
export const listenerHandle = (i: number) => `listener-${i}`;
/** The listener index of a handle id, or null for the gateway's own handle. */
export function listenerIndexOf(handle: string | null | undefined): number | null {
  const m = /^listener-(\d+)$/.exec(handle ?? "");
  return m ? Number(m[1]) : null;
}

const issueAt = (issues: readonly ApiIssue[], path: (string | number)[]) =>
  issues.find((i) => path.length === i.path.length && path.every((p, k) => String(i.path[k]) === String(p)));

/**
 * Gateway → route edges. A route with listenerRefs to a gateway is drawn from each listener a ref selects (a ref
 * selecting none is drawn from the gateway, flagged); one without, from the gateway itself (every listener). A route
 * bound to no gateway is served by all of them: drawn from each, but there is nothing to detach. Each edge carries
 * the validation issue about that attachment (a listener that does not exist, no hostname in common).
 */
export function bindEdges(mesh: MeshConfig, issues: readonly ApiIssue[]): BindEdge[] {
  const edges: BindEdge[] = [];
  mesh.routes.forEach((r, ri) => {
    const bound = r.gateways.length > 0;
    for (const g of bound ? r.gateways : mesh.gateways.map((x) => x.name)) {
      const gw = mesh.gateways.find((x) => x.name === g);
      if (!gw) continue;
      const gi = r.gateways.indexOf(g);
      const hostIssue = bound ? issueAt(issues, ["routes", ri, "gateways", gi]) : undefined;
      const base = { source: nodeId.gateway(g), target: nodeId.route(r.name), type: "bind" as const };
      const refs = r.listenerRefs.map((ref, i) => ({ ref, i })).filter(({ ref }) => ref.gateway === g);
      if (refs.length === 0) {
        edges.push({
          ...base,
          id: `gw:${g}->${r.name}`,
          sourceHandle: GATEWAY_HANDLE,
          className: "edge-bind",
          ariaLabel: `Route ${r.name} served by gateway ${g}`,
          data: { route: r.name, gateway: g, detachable: bound, problem: hostIssue?.message },
        });
        continue;
      }
      for (const { ref, i } of refs) {
        const refIssue = issueAt(issues, ["routes", ri, "listenerRefs", i]) ?? hostIssue;
        const data = { route: r.name, gateway: g, ref: i, detachable: true, problem: refIssue?.message };
        const selected = gw.listeners.map((l, li) => ({ l, li })).filter(({ l }) => refSelects(ref, l));
        if (selected.length === 0)
          edges.push({
            ...base,
            id: `gw:${g}->${r.name}#${i}`,
            sourceHandle: GATEWAY_HANDLE,
            className: "edge-bind",
            data,
          });
        for (const { l, li } of selected)
          edges.push({
            ...base,
            id: `gw:${g}/${l.name}->${r.name}#${i}`,
            sourceHandle: listenerHandle(li),
            className: "edge-bind",
            ariaLabel: `Route ${r.name} served by listener ${l.name} of gateway ${g}`,
            data: { ...data, listener: l.name },
          });
      }
    }
  });
  return edges;
}
