import type { Destination, Route, RouteRule } from "../model/index.ts";
import { normalizeMatch } from "../compile/compile-rule.ts";
import { canonicalJson } from "../snapshot/canonical-json.ts";
import { fieldChanges, pairByKey, show } from "./helpers.ts";
import type { MeshChange } from "./types.ts";

const RULE_FIELDS = [
  "name",
  "matches",
  "timeoutMs",
  "retries",
  "fault",
  "rewrite",
  "redirect",
  "directResponse",
  "requestHeaders",
  "responseHeaders",
  "mirror",
  "extraMirrors",
  "cors",
  "upgrades",
] as const satisfies readonly (keyof RouteRule)[];

const destKey = (d: Destination) => `${d.service}/${d.version}`;
const split = (r: RouteRule) => r.destinations.map((d) => `${destKey(d)} ${d.weight}`).join(", ") || "no destinations";

/** Weight changes read like the review page wants: "weight reviews/v1 80 → 0". */
function diffDestinations(
  name: string,
  path: (string | number)[],
  before: Destination[],
  after: Destination[],
  out: MeshChange[],
): void {
  pairByKey(before, after, destKey, (key, b, a) => {
    const dpath = [...path, "destinations", key];
    if (!b)
      out.push({
        kind: "added",
        entity: "rule",
        name,
        path: dpath,
        after: a,
        summary: `destination ${key} added to ${name} with weight ${a?.weight}`,
      });
    else if (!a)
      out.push({
        kind: "removed",
        entity: "rule",
        name,
        path: dpath,
        before: b,
        summary: `destination ${key} removed from ${name} (was ${b.weight})`,
      });
    else {
      if (b.weight !== a.weight)
        out.push({
          kind: "changed",
          entity: "rule",
          name,
          path: [...dpath, "weight"],
          before: b.weight,
          after: a.weight,
          summary: `weight ${key} ${b.weight} → ${a.weight}`,
        });
      for (const field of ["requestHeaders", "responseHeaders"] as const)
        if (canonicalJson(b[field] ?? null) !== canonicalJson(a[field] ?? null))
          out.push({
            kind: "changed",
            entity: "rule",
            name,
            path: [...dpath, field],
            before: b[field],
            after: a[field],
            summary: `${field === "requestHeaders" ? "request" : "response"} headers for ${key} in ${name} changed`,
          });
    }
    if (b && a && b.port !== a.port)
      out.push({
        kind: "changed",
        entity: "rule",
        name,
        path: [...dpath, "port"],
        before: b.port,
        after: a.port,
        summary: `port of ${key} ${b.port ?? "first"} → ${a.port ?? "first"}`,
      });
  });
}

/** Host and gateway lists are sets and AND-ed conditions have no order: compare them normalised. */
const normRoute = (r: Route): Route => ({
  ...r,
  hosts: [...new Set(r.hosts)].sort(),
  gateways: [...new Set(r.gateways)].sort(),
});
/** A route's listenerRefs as a set of `gateway/section:port` (a ref's order means nothing either). */
const refKeys = (r: Route): string[] =>
  [
    ...new Set(
      r.listenerRefs.map((x) => `${x.gateway}${x.sectionName ? `/${x.sectionName}` : ""}${x.port ? `:${x.port}` : ""}`),
    ),
  ].sort();
const normRule = (r: RouteRule): RouteRule => ({ ...r, matches: r.matches.map(normalizeMatch) });

/** Rules are paired by position: order is their meaning, so a moved rule shows as changed. */
function diffRules(route: string, before: RouteRule[], after: RouteRule[], out: MeshChange[]): void {
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    const b = before[i];
    const a = after[i];
    const name = `${route}#${i}`;
    const path = ["routes", route, "rules", i];
    if (!b && a)
      out.push({ kind: "added", entity: "rule", name, path, after: a, summary: `rule ${name} added: ${split(a)}` });
    else if (b && !a)
      out.push({
        kind: "removed",
        entity: "rule",
        name,
        path,
        before: b,
        summary: `rule ${name} removed (was ${split(b)})`,
      });
    else if (b && a) {
      diffDestinations(name, path, b.destinations, a.destinations, out);
      out.push(...fieldChanges("rule", name, path, normRule(b), normRule(a), RULE_FIELDS));
    }
  }
}

export function diffRoutes(before: Route[], after: Route[]): MeshChange[] {
  const out: MeshChange[] = [];
  pairByKey(
    before,
    after,
    (r) => r.name,
    (key, b, a) => {
      const path = ["routes", key];
      if (!b)
        out.push({
          kind: "added",
          entity: "route",
          name: key,
          path,
          after: a,
          summary: `route ${key} added for ${show(a?.hosts)}`,
        });
      else if (!a)
        out.push({ kind: "removed", entity: "route", name: key, path, before: b, summary: `route ${key} removed` });
      else {
        out.push(...fieldChanges("route", key, path, normRoute(b), normRoute(a), ["namespace", "hosts", "gateways"]));
        // Which listeners of its gateways the route attaches through (parentRef sectionName/port; none: all).
        out.push(
          ...fieldChanges("route", key, path, { listeners: refKeys(b) }, { listeners: refKeys(a) }, ["listeners"]),
        );
        diffRules(key, b.rules, a.rules, out);
      }
    },
  );
  return out;
}
