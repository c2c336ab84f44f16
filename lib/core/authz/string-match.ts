/**
 * Istio's string match for principals, namespaces, hosts, methods, paths and condition values: `*` (presence: any
 * non-empty value), `abc*` (prefix), `*abc` (suffix), else exact. Compiled once per value.
 */
export type StringTest = (value: string) => boolean;

export function stringTest(pattern: string, caseInsensitive = false): StringTest {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  if (p === "*") return (v) => v.length > 0;
  if (p.length > 1 && p.endsWith("*")) {
    const prefix = p.slice(0, -1);
    return (v) => v.startsWith(prefix);
  }
  if (p.length > 1 && p.startsWith("*")) {
    const suffix = p.slice(1);
    return (v) => v.endsWith(suffix);
  }
  return (v) => v === p;
}

/** Any of the patterns: the OR Istio applies inside one list. */
export function anyOf(patterns: readonly string[], caseInsensitive = false): StringTest {
  const tests = patterns.map((p) => stringTest(p, caseInsensitive));
  if (tests.length === 1) return tests[0]!;
  return (v) => {
    for (const t of tests) if (t(v)) return true;
    return false;
  };
}
