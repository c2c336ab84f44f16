import type { MeshConfig } from "../model/mesh.ts";
import type { Route, RouteRule } from "../model/route.ts";
import type { Service, Version } from "../model/service.ts";

/**
 * Where a command edits. Routes, services and versions are named (and unique, which the commands keep so);
 * rules are addressed by position in their route, or by name when they have one; destinations, matches and
 * endpoints have no name of their own, so by position within their rule or version.
 */
export interface RuleAt {
  route: string;
  rule: number | string;
}
export interface MatchAt extends RuleAt {
  match: number;
}
export interface DestinationAt extends RuleAt {
  destination: number;
}
export interface VersionAt {
  service: string;
  version: string;
}
export interface EndpointAt extends VersionAt {
  endpoint: number;
}

export const findRoute = (mesh: MeshConfig, name: string): Route | undefined =>
  mesh.routes.find((r) => r.name === name);
export const findService = (mesh: MeshConfig, name: string): Service | undefined =>
  mesh.services.find((s) => s.name === name);
export const findVersion = (mesh: MeshConfig, at: VersionAt): Version | undefined =>
  findService(mesh, at.service)?.versions.find((v) => v.name === at.version);

/** A rule named `rule` is the first with that name; an empty name names no rule. */
function ruleIndex(route: Route, rule: number | string): number {
  if (typeof rule === "number") return rule;
  return rule === "" ? -1 : route.rules.findIndex((r) => r.name === rule);
}

export function findRule(mesh: MeshConfig, at: RuleAt): RouteRule | undefined {
  const route = findRoute(mesh, at.route);
  return route?.rules[ruleIndex(route, at.rule)];
}

/** The position of the addressed rule in its route, or -1. */
export function indexOfRule(mesh: MeshConfig, at: RuleAt): number {
  const route = findRoute(mesh, at.route);
  if (!route) return -1;
  const i = ruleIndex(route, at.rule);
  return Number.isInteger(i) && i >= 0 && i < route.rules.length ? i : -1;
}
