import { readdirSync, readFileSync } from "node:fs";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../../lib/core/compile/index.ts";
import type { MeshConfigInput } from "../../../lib/core/index.ts";
import {
  buildRouteTable,
  matchRequest,
  MatchKind,
  pickWeighted,
  selectingMatch,
  type RequestInfo,
  type RouteEntry,
  type RouteTable,
} from "../../../lib/core/routing/index.ts";
import { checkSnapshotConsistency } from "../../../lib/core/snapshot/consistency.ts";
import { parseMesh, validateMesh } from "../../../lib/core/validate/index.ts";
import { rewritePath, ruleShortCircuit } from "../../../proxy/pipeline/actions.ts";

/**
 * Golden route checks in the style of Envoy's router_check_tool: each fixture in tests/fixtures/route-check
 * is a mesh plus requests with the route, rule, cluster (at a fixed random number) and actions expected.
 * The mesh goes through the real pipeline (parse → validate → compile → route table) so the fixtures pin
 * what the compiler and the matcher do together, not hand-built tables (match.test.ts covers those).
 */
const DIR = new URL("../../fixtures/route-check/", import.meta.url);

interface Case {
  name: string;
  request: {
    host: string;
    path: string;
    method?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
  };
  random: number;
  expect: Expected | null;
}
/** Every field spelled out: the comparison never borrows a value from the result it checks. */
interface Expected {
  route: string;
  ruleId: string;
  ruleIndex: number;
  /** null: the rule answers without a cluster (redirect, direct response). */
  cluster: string | null;
  /** Path and authority sent upstream, unchanged ones included; omitted: the rule has no rewrite. */
  rewrites?: { path: string; authority: string };
  redirect?: { status: number; location: string };
  directResponse?: { status: number; body: string };
}
interface Fixture {
  description: string;
  mesh: MeshConfigInput;
  cases: Case[];
}
interface Loaded {
  file: string;
  fixture: Fixture;
  table: RouteTable;
  /** Validation errors and snapshot consistency issues: both must be empty. */
  problems: unknown[];
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

function load(file: string): Loaded {
  const fixture = JSON.parse(readFileSync(new URL(file, DIR), "utf8")) as Fixture;
  const parsed = parseMesh(fixture.mesh);
  if (!parsed.ok) throw new Error(`${file}: mesh does not parse: ${JSON.stringify(parsed.issues)}`);
  const { config } = buildSnapshot(parsed.mesh, 1);
  const problems = [
    ...validateMesh(parsed.mesh).filter((i) => i.severity === "error"),
    ...checkSnapshotConsistency(config),
  ];
  return { file, fixture, table: buildRouteTable(config), problems };
}

/** What the proxy's listener hands the matcher: header names lower-cased (node:http), query only when a rule uses it. */
function requestInfo(table: RouteTable, r: Case["request"]): RequestInfo {
  const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    host: r.host,
    path: r.path,
    method: r.method ?? "GET",
    headers,
    query: table.usesQuery ? (r.query ?? {}) : null,
  };
}

/**
 * Istio HTTPRewrite.uri, computed here because lib/core/routing exports no rewrite helper (the proxy's is
 * checked against the fixtures below): when the match that selected the request is a uri prefix, the prefix
 * is replaced; exact, regex or no uri match replace the whole path (proxy/README.md).
 */
function expectedPath(entry: RouteEntry, req: RequestInfo, replacement: string): string {
  const uri = selectingMatch(entry, req)?.uri;
  return uri?.kind === MatchKind.Prefix ? replacement + req.path.slice(uri.value.length) : replacement;
}

const queryString = (r: Case["request"]) => new URLSearchParams(r.query ?? {}).toString();

/** Envoy redirect semantics, computed here for the same reason: uri swaps the path only, the query stays. */
function expectedLocation(redirect: NonNullable<RouteEntry["rule"]["redirect"]>, r: Case["request"]): string {
  const qs = queryString(r);
  return `${redirect.scheme ?? "http"}://${redirect.authority ?? r.host}${redirect.uri ?? r.path}${qs ? `?${qs}` : ""}`;
}

/** The route check itself: the matched rule and what it does with the case's random number. */
function routeCheck(table: RouteTable, c: Case): Expected | null {
  const req = requestInfo(table, c.request);
  const entry = matchRequest(table, req);
  if (entry === null) return null;
  const rule = entry.rule;
  const out: Expected = {
    route: entry.rule.route,
    ruleId: rule.id,
    ruleIndex: entry.vhost.rules.indexOf(rule),
    cluster: null,
  };
  // Same order as the proxy's short-circuit stage: direct response, then redirect, else a weighted pick.
  if (rule.directResponse) out.directResponse = { status: rule.directResponse.status, body: rule.directResponse.body };
  else if (rule.redirect)
    out.redirect = { status: rule.redirect.responseCode, location: expectedLocation(rule.redirect, c.request) };
  else out.cluster = entry.clusters[pickWeighted(entry.cumulative, c.random)] ?? null;
  if (rule.rewrite) {
    const { uriPrefix, authority } = rule.rewrite;
    out.rewrites = {
      path: uriPrefix === undefined ? req.path : expectedPath(entry, req, uriPrefix),
      authority: authority ?? req.host,
    };
  }
  return out;
}

const loaded = files.map(load);

describe("route-check fixtures", () => {
  it("exist, hold meshes the console would publish, and every case is complete and draws r from [0, 1)", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const { file, fixture, problems } of loaded) {
      // A golden case is only meaningful for a mesh that validates and compiles to a consistent snapshot.
      expect(problems, file).toEqual([]);
      for (const c of fixture.cases) {
        expect(c.random >= 0 && c.random < 1, `${file}: ${c.name}`).toBe(true);
        if (!c.expect) continue;
        // JSON can omit what the type requires: a missing field would compare as "absent" and pin nothing.
        const { ruleId, ruleIndex, cluster, rewrites } = c.expect;
        expect(typeof ruleId === "string" && Number.isInteger(ruleIndex), `${file}: ${c.name}`).toBe(true);
        expect(cluster !== undefined, `${file}: ${c.name}`).toBe(true);
        if (rewrites) expect(Object.keys(rewrites).sort(), `${file}: ${c.name}`).toEqual(["authority", "path"]);
      }
    }
  });

  for (const { file, fixture, table } of loaded) {
    describe(file, () => {
      it.each(fixture.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const got = routeCheck(table, c);
        expect(got).toEqual(c.expect);
      });
    });
  }
});

/** Captures what proxy/pipeline/respond.ts sendText writes, without a socket. */
function fakeResponse() {
  const sent: { status?: number; headers?: OutgoingHttpHeaders; body?: string } = {};
  const res = {
    headersSent: false,
    destroyed: false,
    writeHead(status: number, headers: OutgoingHttpHeaders) {
      sent.status = status;
      sent.headers = headers;
      return res;
    },
    end(body?: string) {
      sent.body = body ?? "";
    },
    once() {},
    off() {},
  };
  return { res: res as unknown as ServerResponse, sent };
}

/**
 * The proxy's own action code (proxy/pipeline/actions.ts) against the same golden cases: the route check
 * above computes rewrites and redirects independently, so a disagreement here is a proxy bug.
 */
describe("proxy actions agree with the golden cases", () => {
  /** The proxy rewrites the path only for a uriPrefix rewrite; read from the fixture's mesh, not the matcher. */
  const rewritesPath = (mesh: MeshConfigInput, e: Expected) =>
    mesh.routes?.find((r) => r.name === e.route)?.rules?.[e.ruleIndex]?.rewrite?.uriPrefix !== undefined;
  const withActions = loaded.flatMap(({ file, fixture, table }) =>
    fixture.cases
      .filter((c) => c.expect && (rewritesPath(fixture.mesh, c.expect) || c.expect.redirect || c.expect.directResponse))
      .map((c) => [`${file}: ${c.name}`, table, c] as const),
  );

  it.each(withActions)("%s", async (_name, table, c) => {
    const req = requestInfo(table, c.request);
    const entry = matchRequest(table, req)!;
    const e = c.expect!;
    const uriPrefix = entry.rule.rewrite?.uriPrefix;
    // Called as proxy/pipeline/handler.ts does, with the selecting match.
    if (e.rewrites && uriPrefix !== undefined)
      expect(rewritePath(entry, req.path, uriPrefix, selectingMatch(entry, req))).toBe(e.rewrites.path);
    if (e.redirect || e.directResponse) {
      const qs = queryString(c.request);
      const incoming = {
        headers: { host: c.request.host },
        url: c.request.path + (qs ? `?${qs}` : ""),
      } as unknown as IncomingMessage;
      const { res, sent } = fakeResponse();
      expect(await ruleShortCircuit(entry.rule, incoming, res, () => 0.5, { aborted: false })).toBe(true);
      if (e.redirect) expect({ status: sent.status, location: sent.headers?.location }).toEqual(e.redirect);
      if (e.directResponse) expect({ status: sent.status, body: sent.body }).toEqual(e.directResponse);
    }
  });
});
