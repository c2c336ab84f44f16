import type { MeshConfig } from "../model/mesh.ts";
import type { RouteMatch, RouteRule } from "../model/route.ts";
import { findRoute, findService, indexOfRule, type MatchAt, type RuleAt } from "./address.ts";
import { editAt, editList, editRoute, editRule, editRules, removeAt, removeNamed } from "./edit.ts";
import { patchObject } from "./objects.ts";

/** What a rule does besides matching and choosing destinations: timeout, retries, fault, rewrite, … */
export type RulePolicy = Omit<RouteRule, "name" | "matches" | "destinations">;

/** The match a new rule or a new match starts with: every path. */
export const newMatch = (): RouteMatch => ({
  uri: { type: "prefix", value: "/" },
  methods: [],
  headers: [],
  queryParams: [],
});

/**
 * Adds a route with one catch-all rule sending everything to the service's first version.
 * No-op when the name is empty or taken, or the service is unknown.
 */
export function addRoute(mesh: MeshConfig, route: { name: string; service: string; host?: string }): MeshConfig {
  const svc = findService(mesh, route.service);
  if (!route.name || findRoute(mesh, route.name) || !svc) return mesh;
  const destination = { service: svc.name, version: svc.versions[0]?.name ?? "v1", weight: 100 };
  const rule: RouteRule = { name: "default", matches: [], destinations: [destination] };
  return {
    ...mesh,
    routes: [
      ...mesh.routes,
      {
        name: route.name,
        semantics: "istio",
        creationOrder: nextCreationOrder(mesh),
        hosts: [route.host || svc.host],
        gateways: [],
        listenerRefs: [],
        rules: [rule],
      },
    ],
  };
}

/** A new route is younger than every existing one. */
export const nextCreationOrder = (mesh: MeshConfig): number =>
  mesh.routes.reduce((max, r) => Math.max(max, r.creationOrder + 1), 0);

export const removeRoute = (mesh: MeshConfig, route: string): MeshConfig =>
  editList(mesh, "routes", (routes) => removeNamed(routes, route));

export const setRouteHosts = (mesh: MeshConfig, route: string, hosts: string[]): MeshConfig =>
  editRoute(mesh, route, (r) => ({ ...r, hosts }));

/** Binds the route to the gateway or unbinds it (a route bound to none is served by every gateway). */
export function setRouteGateway(mesh: MeshConfig, route: string, gateway: string, bound: boolean): MeshConfig {
  return editRoute(mesh, route, (r) => {
    if (r.gateways.includes(gateway) === bound) return r;
    return { ...r, gateways: bound ? [...r.gateways, gateway] : r.gateways.filter((g) => g !== gateway) };
  });
}

/**
 * Adds a rule at the top of the route (first match wins, so a new, narrower rule belongs before the catch-all),
 * matching every path and sending everything to where the route's first rule sends its first share.
 */
export function addRule(mesh: MeshConfig, route: string): MeshConfig {
  return editRules(mesh, route, (rules) => {
    const first = rules[0]?.destinations[0];
    return [{ name: "", matches: [newMatch()], destinations: first ? [{ ...first, weight: 100 }] : [] }, ...rules];
  });
}

export function removeRule(mesh: MeshConfig, at: RuleAt): MeshConfig {
  const i = indexOfRule(mesh, at);
  return editRules(mesh, at.route, (rules) => removeAt(rules, i));
}

/** Moves the rule `by` places (negative: up, towards matching first). No-op past either end. */
export function moveRule(mesh: MeshConfig, at: RuleAt, by: number): MeshConfig {
  const from = indexOfRule(mesh, at);
  return editRules(mesh, at.route, (rules) => {
    const to = from + by;
    if (from < 0 || by === 0 || !Number.isInteger(to) || to < 0 || to >= rules.length) return rules;
    const next = rules.filter((_, i) => i !== from);
    next.splice(to, 0, rules[from]!);
    return next;
  });
}

export const setRuleName = (mesh: MeshConfig, at: RuleAt, name: string): MeshConfig =>
  editRule(mesh, at, (r) => (r.name === name ? r : { ...r, name }));

/**
 * Replaces what the rule does besides matching and routing: features absent from `policy` are switched off.
 * A whole rule may be passed; its name, matches and destinations are ignored (the draft's are kept).
 */
export function setRulePolicy(mesh: MeshConfig, at: RuleAt, policy: RulePolicy): MeshConfig {
  return editRule(mesh, at, (r) =>
    patchObject<RouteRule>({ ...policy, name: r.name, matches: r.matches, destinations: r.destinations }),
  );
}

export const addMatch = (mesh: MeshConfig, at: RuleAt): MeshConfig =>
  editRule(mesh, at, (r) => ({ ...r, matches: [...r.matches, newMatch()] }));

export function setMatch(mesh: MeshConfig, at: MatchAt, match: RouteMatch): MeshConfig {
  return editRule(mesh, at, (r) => editList(r, "matches", (matches) => editAt(matches, at.match, () => match)));
}

export function removeMatch(mesh: MeshConfig, at: MatchAt): MeshConfig {
  return editRule(mesh, at, (r) => editList(r, "matches", (matches) => removeAt(matches, at.match)));
}
