import type { MeshConfig } from "../model/mesh.ts";
import type { Route, RouteRule } from "../model/route.ts";
import type { Service, Version } from "../model/service.ts";
import { indexOfRule, type RuleAt, type VersionAt } from "./address.ts";

// Copy-on-write helpers the commands are built from; not part of the module's interface (index.ts).

/**
 * `list` with the item at `index` replaced by `edit(item)`. The same list when there is no such item or the
 * edit changed nothing, so an edit that does nothing returns the mesh it was given, all the way up.
 */
export function editAt<T>(list: T[], index: number, edit: (item: T) => T): T[] {
  const item = list[index];
  if (!Number.isInteger(index) || index < 0 || item === undefined) return list;
  const next = edit(item);
  return next === item ? list : list.map((x, i) => (i === index ? next : x));
}

/** `list` without the item at `index`; the same list when there is none. */
export const removeAt = <T>(list: T[], index: number): T[] =>
  Number.isInteger(index) && index >= 0 && index < list.length ? list.filter((_, i) => i !== index) : list;

export function editRoute(mesh: MeshConfig, name: string, edit: (route: Route) => Route): MeshConfig {
  const routes = editAt(
    mesh.routes,
    mesh.routes.findIndex((r) => r.name === name),
    edit,
  );
  return routes === mesh.routes ? mesh : { ...mesh, routes };
}

/** Replaces the route's rules with `edit(rules)`. */
export function editRules(mesh: MeshConfig, route: string, edit: (rules: RouteRule[]) => RouteRule[]): MeshConfig {
  return editRoute(mesh, route, (r) => {
    const rules = edit(r.rules);
    return rules === r.rules ? r : { ...r, rules };
  });
}

export function editRule(mesh: MeshConfig, at: RuleAt, edit: (rule: RouteRule) => RouteRule): MeshConfig {
  const i = indexOfRule(mesh, at);
  return editRules(mesh, at.route, (rules) => editAt(rules, i, edit));
}

export function editService(mesh: MeshConfig, name: string, edit: (service: Service) => Service): MeshConfig {
  const services = editAt(
    mesh.services,
    mesh.services.findIndex((s) => s.name === name),
    edit,
  );
  return services === mesh.services ? mesh : { ...mesh, services };
}

/** Replaces the service's versions with `edit(versions)`. */
export function editVersions(mesh: MeshConfig, service: string, edit: (versions: Version[]) => Version[]): MeshConfig {
  return editService(mesh, service, (s) => {
    const versions = edit(s.versions);
    return versions === s.versions ? s : { ...s, versions };
  });
}

export function editVersion(mesh: MeshConfig, at: VersionAt, edit: (version: Version) => Version): MeshConfig {
  return editVersions(mesh, at.service, (versions) =>
    editAt(
      versions,
      versions.findIndex((v) => v.name === at.version),
      edit,
    ),
  );
}
