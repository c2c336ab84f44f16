import type { MeshConfig } from "../model/index.ts";
import { canonicalJson } from "../snapshot/canonical-json.ts";

/**
 * The routes a change touches: added or edited ones, and those sending traffic to a service whose definition
 * changed. Their golden metrics are what a stage's regression gate watches.
 */
export function touchedRoutes(before: MeshConfig, after: MeshConfig): string[] {
  const oldRoutes = new Map(before.routes.map((r) => [r.name, canonicalJson(r)]));
  const oldServices = new Map(before.services.map((s) => [s.name, canonicalJson(s)]));
  const changedServices = new Set(
    after.services.filter((s) => oldServices.get(s.name) !== canonicalJson(s)).map((s) => s.name),
  );
  return after.routes
    .filter(
      (r) =>
        oldRoutes.get(r.name) !== canonicalJson(r) ||
        r.rules.some((rule) => rule.destinations.some((d) => changedServices.has(d.service))),
    )
    .map((r) => r.name)
    .sort();
}
