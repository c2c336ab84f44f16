import type { ConditionTrace, MatchTrace, RuleTrace } from "../api/simulate.ts";
import type { RequestInfo } from "../routing/match.ts";
import {
  MatchKind,
  testNamed,
  testString,
  type CompiledMatch,
  type HeaderMatcher,
  type StringMatcher,
} from "../routing/matchers.ts";
import type { RouteEntry } from "../routing/table.ts";

/**
 * Why each rule did or did not take a request. Every condition is decided by the proxy's own matchers
 * (testString, testNamed in lib/core/routing/matchers.ts) on the compiled entries of the route table, so a change
 * to what a condition means flows through; only the order of the checks and the words are this file's.
 * Unlike the hot path, every condition of a match is evaluated, so the trace names all that failed.
 */

/** Partial on purpose: a match kind added to routing/matchers.ts is still explained (by number) until named here. */
const KIND_NAMES: Partial<Record<MatchKind, string>> = {
  [MatchKind.Exact]: "exact",
  [MatchKind.Prefix]: "prefix",
  [MatchKind.Regex]: "regex",
  [MatchKind.Present]: "present",
  [MatchKind.Absent]: "absent",
};

const kindName = (kind: MatchKind): string => KIND_NAMES[kind] ?? `match kind ${kind}`;

function describeString(m: StringMatcher | HeaderMatcher): string {
  return `${kindName(m.kind)} ${m.value}`;
}

function describeNamed(m: HeaderMatcher): string {
  return m.kind === MatchKind.Present || m.kind === MatchKind.Absent ? kindName(m.kind) : describeString(m);
}

/** As matchOne reads a header: missing is undefined, repeated values joined with ", ". */
function headerOf(req: RequestInfo, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined || typeof v === "string") return v;
  return v.length === 0 ? undefined : v.join(", ");
}

function queryOf(req: RequestInfo, name: string): string | undefined {
  const q = req.query;
  return q != null && Object.hasOwn(q, name) ? q[name] : undefined;
}

/** The conditions of one match, in the order the proxy checks them: port, method, uri, authority, headers, query. */
export function explainMatch(m: CompiledMatch, req: RequestInfo): ConditionTrace[] {
  const out: ConditionTrace[] = [];
  if (m.port !== null)
    out.push({
      field: "port",
      expected: String(m.port),
      actual: req.port === undefined ? null : String(req.port),
      ok: req.port === m.port,
    });
  if (m.methods !== null)
    out.push({
      field: "method",
      expected: m.methods.length === 1 ? m.methods[0]! : `one of ${m.methods.join(", ")}`,
      actual: req.method,
      ok: m.methods.includes(req.method),
    });
  if (m.uri !== null)
    out.push({ field: "uri", expected: describeString(m.uri), actual: req.path, ok: testString(m.uri, req.path) });
  if (m.authority !== null)
    out.push({
      field: "authority",
      expected: describeString(m.authority),
      actual: req.host,
      ok: testString(m.authority, req.host),
    });
  for (const h of m.headers) {
    const v = headerOf(req, h.name);
    out.push({ field: "header", name: h.name, expected: describeNamed(h), actual: v ?? null, ok: testNamed(h, v) });
  }
  for (const p of m.query) {
    const v = queryOf(req, p.name);
    out.push({ field: "query", name: p.name, expected: describeNamed(p), actual: v ?? null, ok: testNamed(p, v) });
  }
  return out;
}

/** "uri prefix /api wanted, got /web" */
export function describeFailure(c: ConditionTrace): string {
  const what = c.name === undefined ? c.field : `${c.field} ${c.name}`;
  const got = c.actual === null ? "missing" : `got ${JSON.stringify(c.actual)}`;
  return `${what}: wanted ${c.expected}, ${got}`;
}

function reasonFor(matches: MatchTrace[], matched: boolean): string {
  if (matches.length === 0) return "no conditions: takes every request of its host";
  if (matched) {
    const m = matches.find((t) => t.matched)!;
    return matches.length === 1 ? "all conditions hold" : `match ${m.index + 1} of ${matches.length} holds`;
  }
  const why = matches.map((t) =>
    t.conditions
      .filter((c) => !c.ok)
      .map(describeFailure)
      .join("; "),
  );
  return matches.length === 1 ? why[0]! : why.map((w, i) => `match ${i + 1}: ${w}`).join(" | ");
}

export function explainRule(entry: RouteEntry, index: number, req: RequestInfo): RuleTrace {
  const matches = entry.matches.map((m, i) => {
    const conditions = explainMatch(m, req);
    return { index: i, matched: conditions.every((c) => c.ok), conditions };
  });
  const matched = matches.length === 0 || matches.some((m) => m.matched);
  return { index, id: entry.rule.id, name: entry.rule.name, matched, matches, reason: reasonFor(matches, matched) };
}
