import type { ApiIssue } from "@/lib/core/api/index.ts";
import { referencedListeners, selectorLabels } from "@/lib/core/compile/hostnames.ts";
import { meshNamespaces } from "@/lib/core/draft/index.ts";
import { namespaceOf, selectorMatches, type Listener, type MeshConfig } from "@/lib/core/index.ts";

export interface KeptOut {
  route: string;
  namespace: string;
  issue: ApiIssue;
}

/**
 * The routes a listener keeps out, from the draft's issues: validation names SB311 at the route's binding
 * (`routes[r].gateways[i]`), and the listener's allowedRoutes is where it is fixed, so it is shown there too for
 * every listener the route names on that gateway.
 */
export function routesKeptOut(
  mesh: MeshConfig,
  issues: readonly ApiIssue[],
  gateway: string,
  listener: number,
): KeptOut[] {
  const gw = mesh.gateways.find((g) => g.name === gateway);
  const l = gw?.listeners[listener];
  if (!gw || !l) return [];
  const out: KeptOut[] = [];
  for (const issue of issues) {
    const [kind, r, field, i] = issue.path;
    if (issue.code !== "SB311" || kind !== "routes" || field !== "gateways") continue;
    const route = mesh.routes[Number(r)];
    if (!route || route.gateways[Number(i)] !== gateway || !referencedListeners(route, gw).includes(l)) continue;
    out.push({ route: route.name, namespace: namespaceOf(route), issue });
  }
  return out;
}

/** The mesh's namespaces a Selector listener admits (its selector against their labels and implied name label). */
export function selectedNamespaces(mesh: MeshConfig, l: Listener): string[] {
  const selector = l.allowedRoutes?.selector;
  if (l.allowedRoutes?.from !== "Selector" || !selector) return [];
  return meshNamespaces(mesh).filter((ns) => selectorMatches(selector, selectorLabels(mesh.namespaces ?? [], ns)));
}
