import { readdirSync, readFileSync } from "node:fs";
import type { Simulation } from "../../lib/core/api/simulate.ts";
import { compileMesh } from "../../lib/core/compile/index.ts";
import type { MeshConfigInput, SnapshotConfig } from "../../lib/core/index.ts";
import { parseMesh } from "../../lib/core/validate/index.ts";

/**
 * The golden route-check fixtures (tests/fixtures/route-check, the format tests/unit/routing/route-check.test.ts
 * documents), loaded for the request simulator's tests: compiled as the console compiles them.
 */
export interface RouteCheckCase {
  name: string;
  request: {
    host: string;
    path: string;
    method?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
  };
  random: number;
  expect: RouteCheckExpected | null;
}
export interface RouteCheckExpected {
  route: string;
  ruleId: string;
  ruleIndex: number;
  cluster: string | null;
  rewrites?: { path: string; authority: string };
  redirect?: { status: number; location: string };
  directResponse?: { status: number; body: string };
}
export interface RouteCheckFixture {
  file: string;
  description: string;
  mesh: MeshConfigInput;
  config: SnapshotConfig;
  cases: RouteCheckCase[];
}

const DIR = new URL("../fixtures/route-check/", import.meta.url);

export function loadRouteCheckFixtures(): RouteCheckFixture[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(new URL(file, DIR), "utf8")) as Omit<RouteCheckFixture, "file" | "config">;
      const parsed = parseMesh(raw.mesh);
      if (!parsed.ok) throw new Error(`${file}: mesh does not parse`);
      return { ...raw, file, config: compileMesh(parsed.mesh) };
    });
}

/** A simulation in the fixtures' terms: what the route check expects, computed from the simulator's verdict only. */
export function simulationAsRouteCheck(config: SnapshotConfig, s: Simulation): RouteCheckExpected | null {
  if (s.rule === null || s.route === null) return null;
  const v = s.verdict;
  const out: RouteCheckExpected = { route: s.route, ruleId: s.rule.id, ruleIndex: s.rule.index, cluster: v.picked };
  if (v.kind === "direct-response") out.directResponse = { status: v.status!, body: v.body! };
  if (v.kind === "redirect") out.redirect = { status: v.status!, location: v.location! };
  const id = s.rule.id;
  const rule = config.virtualHosts.flatMap((h) => h.rules).find((r) => r.id === id);
  if (rule?.rewrite && v.kind === "forward")
    out.rewrites = {
      path: v.upstreamPath!.slice(0, v.upstreamPath!.length - s.request.query.length),
      authority: v.upstreamAuthority!,
    };
  return out;
}
