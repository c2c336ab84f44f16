import type { MeshConfig, Route, RouteRule } from "../model/index.ts";
import type { IssuePath } from "./types.ts";

/** Calls `visit` for each rule of each route with the rule's path, so rules need no nested loops. */
export function eachRule(mesh: MeshConfig, visit: (rule: RouteRule, path: IssuePath, route: Route) => void): void {
  mesh.routes.forEach((route, r) => route.rules.forEach((rule, k) => visit(rule, ["routes", r, "rules", k], route)));
}

/** Indexes (after the first) of items whose key was already seen, with the index of the first. */
export function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
): { index: number; first: number; key: string }[] {
  const seen = new Map<string, number>();
  const out: { index: number; first: number; key: string }[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else out.push({ index, first, key: k });
  });
  return out;
}

/** Lookup of service name → version names. The first service of a name wins, like the compiler. */
export function versionIndex(mesh: MeshConfig): Map<string, Map<string, { endpoints: number }>> {
  const out = new Map<string, Map<string, { endpoints: number }>>();
  for (const svc of mesh.services) {
    if (out.has(svc.name)) continue;
    out.set(svc.name, new Map(svc.versions.map((v) => [v.name, { endpoints: v.endpoints.length }])));
  }
  return out;
}
