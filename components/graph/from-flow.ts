import type { MeshConfig } from "@/lib/core/index.ts";
import { rebalance } from "./weights.ts";

/**
 * Applies a weight edited on a topology edge back to the domain model: sets the destination's weight
 * and rebalances the other destinations of the same rule so the rule still sums to 100.
 * Returns a new mesh; the input is not modified.
 */
export function applyEdgeWeight(
  mesh: MeshConfig,
  routeName: string,
  ruleIndex: number,
  destIndex: number,
  weight: number,
): MeshConfig {
  return {
    ...mesh,
    routes: mesh.routes.map((route) => {
      if (route.name !== routeName) return route;
      return {
        ...route,
        rules: route.rules.map((rule, i) => {
          if (i !== ruleIndex) return rule;
          const weights = rebalance(
            rule.destinations.map((d) => d.weight),
            destIndex,
            weight,
          );
          return { ...rule, destinations: rule.destinations.map((d, k) => ({ ...d, weight: weights[k] ?? d.weight })) };
        }),
      };
    }),
  };
}
