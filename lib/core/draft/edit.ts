import type { Gateway } from "../model/gateway.ts";
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

/** `parent` with its list `key` replaced by `edit(list)`; `parent` itself when the list did not change. */
export function editList<P, K extends keyof P>(parent: P, key: K, edit: (list: P[K]) => P[K]): P {
  const list = edit(parent[key]);
  return list === parent[key] ? parent : { ...parent, [key]: list };
}

/** The item named `name` in `list` replaced by `edit(item)`. */
const editNamed = <T extends { name: string }>(list: T[], name: string, edit: (item: T) => T): T[] =>
  editAt(
    list,
    list.findIndex((x) => x.name === name),
    edit,
  );

/** `list` without the item named `name`; the same list when there is none. */
export const removeNamed = <T extends { name: string }>(list: T[], name: string): T[] =>
  removeAt(
    list,
    list.findIndex((x) => x.name === name),
  );

export const editRoute = (mesh: MeshConfig, name: string, edit: (route: Route) => Route): MeshConfig =>
  editList(mesh, "routes", (routes) => editNamed(routes, name, edit));

/** Replaces the route's rules with `edit(rules)`. */
export const editRules = (mesh: MeshConfig, route: string, edit: (rules: RouteRule[]) => RouteRule[]): MeshConfig =>
  editRoute(mesh, route, (r) => editList(r, "rules", edit));

export function editRule(mesh: MeshConfig, at: RuleAt, edit: (rule: RouteRule) => RouteRule): MeshConfig {
  const i = indexOfRule(mesh, at);
  return editRules(mesh, at.route, (rules) => editAt(rules, i, edit));
}

export const editGateway = (mesh: MeshConfig, name: string, edit: (gateway: Gateway) => Gateway): MeshConfig =>
  editList(mesh, "gateways", (gateways) => editNamed(gateways, name, edit));

export const editService = (mesh: MeshConfig, name: string, edit: (service: Service) => Service): MeshConfig =>
  editList(mesh, "services", (services) => editNamed(services, name, edit));

/** Replaces the service's versions with `edit(versions)`. */
export const editVersions = (mesh: MeshConfig, service: string, edit: (versions: Version[]) => Version[]): MeshConfig =>
  editService(mesh, service, (s) => editList(s, "versions", edit));

export const editVersion = (mesh: MeshConfig, at: VersionAt, edit: (version: Version) => Version): MeshConfig =>
  editVersions(mesh, at.service, (versions) => editNamed(versions, at.version, edit));
