import { RE2JS } from "re2js";

/**
 * Route regexes are RE2, as in Istio and Envoy, matched by re2js (a pure-JS port of RE2/Go regexp: no Node
 * APIs, so lib/core can use it in the console and the proxy alike). RE2 runs in time linear in the input: a
 * pattern such as `/r/([a-z0-9]+-?)+` that makes a backtracking engine run for minutes answers at once. Chosen
 * over re2-wasm and V8's own engine by tests/bench/regex-bench.ts (figures in tests/bench/FINDINGS.md).
 */
export interface CompiledRegex {
  /** Whether the whole input matches (Istio's regex matches are full matches). */
  testExact(input: string): boolean;
}

/**
 * Every match of `pattern` in `input` replaced by `replacement`, groups as `$1` (Istio's uriRegexRewrite writes
 * `\1`; rewrite.ts translates). Compiled per call: only rules with such a rewrite use it.
 */
export function regexReplaceAll(pattern: string, input: string, replacement: string): string {
  return RE2JS.compile(pattern).matcher(input).replaceAll(replacement);
}

/** Compiles an RE2 pattern; throws on a pattern RE2 refuses (validation reports those first). */
export function compileRegex(pattern: string): CompiledRegex {
  return RE2JS.compile(pattern);
}

/** RE2's complaint about `pattern`, or null when it compiles. */
export function re2SyntaxError(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^error parsing regexp: /, "") : String(e);
  }
}

/** Constructs of backtracking dialects (PCRE, JavaScript) that RE2 leaves out on purpose, as people name them. */
const UNSUPPORTED: readonly [RegExp, string][] = [
  [/^\\[1-9]/, "a backreference (\\1)"],
  [/^\\k</, "a named backreference (\\k<name>)"],
  [/^\(\?=/, "a lookahead (?=…)"],
  [/^\(\?!/, "a negative lookahead (?!…)"],
  [/^\(\?<=/, "a lookbehind (?<=…)"],
  [/^\(\?<!/, "a negative lookbehind (?<!…)"],
  [/^\(\?>/, "an atomic group (?>…)"],
  [/^\(\?\(/, "a conditional (?(…)…)"],
  [/^\(\?R\)|^\(\?[0-9]+\)/, "a recursion (?R)"],
  [/^[*+?}]\+/, "a possessive quantifier (a++, a*+)"],
];

/**
 * The first construct in `pattern` that RE2 does not support on purpose (it would need backtracking), named for
 * people, or null. Escapes and character classes are skipped, so `\(?=` or `[(?=]` are not reported.
 */
export function unsupportedRegexFeature(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (inClass) {
      if (c === "\\") i++;
      else if (c === "]") inClass = false;
      continue;
    }
    const rest = pattern.slice(i, i + 6);
    for (const [re, name] of UNSUPPORTED) if (re.test(rest)) return name;
    if (c === "\\") i++;
    else if (c === "[") {
      inClass = true;
      // A "]" first in a class (after an optional "^") is a literal, not its end.
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
    }
  }
  return null;
}
