import type { HeaderMatch, QueryMatch, RouteMatch, StringMatch, UriMatch } from "../model/index.ts";
import { compileRegex, type CompiledRegex } from "./re2.ts";

/** Numeric kinds keep the hot-path switch cheap and avoid string compares per request. */
export const MatchKind = { Exact: 0, Prefix: 1, Regex: 2, Present: 3, Absent: 4, PathPrefix: 5 } as const;
export type MatchKind = (typeof MatchKind)[keyof typeof MatchKind];

export interface StringMatcher {
  kind: typeof MatchKind.Exact | typeof MatchKind.Prefix | typeof MatchKind.Regex | typeof MatchKind.PathPrefix;
  /** For PathPrefix: without trailing slashes ("/" becomes ""), so the test is one compare and one char check. */
  value: string;
  /** RE2, full match (as Istio's regexes are), compiled once at build time. */
  re: CompiledRegex | null;
}

export interface HeaderMatcher {
  /** Lower-cased: Node delivers header names lower-case. */
  name: string;
  kind: MatchKind;
  value: string;
  re: CompiledRegex | null;
}

export interface CompiledMatch {
  uri: StringMatcher | null;
  /** null: any method. */
  methods: readonly string[] | null;
  authority: StringMatcher | null;
  headers: readonly HeaderMatcher[];
  query: readonly HeaderMatcher[];
  /** null: any listener port. */
  port: number | null;
}

const KIND: Record<string, MatchKind> = {
  exact: MatchKind.Exact,
  prefix: MatchKind.Prefix,
  regex: MatchKind.Regex,
  present: MatchKind.Present,
  absent: MatchKind.Absent,
  pathPrefix: MatchKind.PathPrefix,
};

export function compileStringMatch(m: StringMatch | UriMatch | undefined): StringMatcher | null {
  if (!m) return null;
  const kind = KIND[m.type] as StringMatcher["kind"];
  const value = kind === MatchKind.PathPrefix ? m.value.replace(/\/+$/, "") : m.value;
  return { kind, value, re: kind === MatchKind.Regex ? compileRegex(m.value) : null };
}

function compileNamed(m: HeaderMatch | QueryMatch, lower: boolean): HeaderMatcher {
  const kind = KIND[m.type]!;
  return {
    name: lower ? m.name.toLowerCase() : m.name,
    kind,
    value: m.value,
    re: kind === MatchKind.Regex ? compileRegex(m.value) : null,
  };
}

export function compileMatch(m: RouteMatch): CompiledMatch {
  return {
    uri: compileStringMatch(m.uri),
    methods: m.methods.length > 0 ? m.methods : null,
    authority: compileStringMatch(m.authority),
    headers: m.headers.map((h) => compileNamed(h, true)),
    query: m.queryParams.map((q) => compileNamed(q, false)),
    port: m.port ?? null,
  };
}

export function testString(m: StringMatcher, s: string): boolean {
  switch (m.kind) {
    case MatchKind.Exact:
      return s === m.value;
    case MatchKind.Prefix:
      return s.startsWith(m.value);
    case MatchKind.PathPrefix:
      return segmentPrefix(m.value, s);
    default:
      return m.re!.testExact(s);
  }
}

/**
 * Gateway API PathPrefix: `prefix` (trailing slashes removed) matches element by element, so `/abc` matches `/abc`,
 * `/abc/` and `/abc/def` but not `/abcd`; the empty prefix (from `/`) matches every path.
 */
export function segmentPrefix(prefix: string, path: string): boolean {
  if (!path.startsWith(prefix)) return false;
  return path.length === prefix.length || path.charCodeAt(prefix.length) === 47; /* / */
}

/** `value` is undefined when the header/param is missing. Repeated headers are tested joined with ", " (RFC 9110). */
export function testNamed(m: HeaderMatcher, value: string | undefined): boolean {
  if (m.kind === MatchKind.Absent) return value === undefined;
  if (value === undefined) return false;
  switch (m.kind) {
    case MatchKind.Present:
      return true;
    case MatchKind.Exact:
      return value === m.value;
    case MatchKind.Prefix:
      return value.startsWith(m.value);
    default:
      return m.re!.testExact(value);
  }
}
