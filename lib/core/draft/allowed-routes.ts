import type { AllowedRoutes, Listener } from "../model/gateway.ts";
import type { MeshConfig } from "../model/mesh.ts";
import type { LabelSelector } from "../model/namespace.ts";
import { editAt, editGateway, editList } from "./edit.ts";
import type { ListenerAt } from "./gateways.ts";

/** Which namespaces' routes a listener admits: `Any` is no allowedRoutes at all (an Istio server: every route). */
export type AllowedFrom = AllowedRoutes["from"] | "Any";

const editListener = (mesh: MeshConfig, at: ListenerAt, edit: (l: Listener) => Listener): MeshConfig =>
  editGateway(mesh, at.gateway, (g) => editList(g, "listeners", (ls) => editAt(ls, at.listener, edit)));

const emptySelector = (): LabelSelector => ({ matchLabels: {}, matchExpressions: [] });

/** Where a listener's allowedRoutes comes from now: `Any` when it has none. */
export const allowedFrom = (l: Listener): AllowedFrom => l.allowedRoutes?.from ?? "Any";

/**
 * Sets a listener's allowedRoutes.from, keeping its kinds. `Selector` starts from the selector it had (or an empty
 * one, which selects every namespace until labels are added); leaving Selector drops the selector, which Gateway API
 * reads only with Selector. `Any` removes allowedRoutes, kinds included: the listener takes every route again.
 */
export function setAllowedRoutesFrom(mesh: MeshConfig, at: ListenerAt, from: AllowedFrom): MeshConfig {
  return editListener(mesh, at, (l) => {
    if (allowedFrom(l) === from) return l;
    const next: Listener = { ...l };
    if (from === "Any") {
      delete next.allowedRoutes;
      return next;
    }
    const kinds = l.allowedRoutes?.kinds;
    next.allowedRoutes = {
      from,
      ...(from === "Selector" ? { selector: l.allowedRoutes?.selector ?? emptySelector() } : {}),
      ...(kinds ? { kinds } : {}),
    };
    return next;
  });
}

/**
 * Replaces the matchLabels of a Selector listener's selector with `edit(matchLabels)` (see putLabel, dropLabel);
 * its matchExpressions stay. No-op for a listener that does not select by labels.
 */
export function editSelectorLabels(
  mesh: MeshConfig,
  at: ListenerAt,
  edit: (matchLabels: Record<string, string>) => Record<string, string>,
): MeshConfig {
  return editListener(mesh, at, (l) => {
    const allowed = l.allowedRoutes;
    if (allowed?.from !== "Selector") return l;
    const selector = allowed.selector ?? emptySelector();
    const matchLabels = edit(selector.matchLabels);
    if (matchLabels === selector.matchLabels) return l;
    return { ...l, allowedRoutes: { ...allowed, selector: { ...selector, matchLabels } } };
  });
}
