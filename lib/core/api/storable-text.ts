import type { ApiIssue } from "./errors.ts";

/**
 * The first string (value or object key) in `value` that PostgreSQL cannot store, as an issue at its path, or null.
 * A NUL character (U+0000) is refused by every text and jsonb column, and an unpaired UTF-16 surrogate by jsonb
 * (text columns would silently store U+FFFD instead): both reached the database from a valid JSON body and came
 * back as a 500. Checked where input enters (request bodies, queries, path parameters, YAML imports), so the
 * caller learns which field instead.
 */
export function unstorableText(value: unknown): ApiIssue | null {
  // Iterative, with each entry pointing at its parent: a deeply nested body neither overflows the stack nor copies
  // a path per level; the path is spelled out only for the string found.
  interface At {
    value: unknown;
    key: string | number | null;
    parent: At | null;
  }
  const pathOf = (at: At | null, last?: string): (string | number)[] => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let a = at; a && a.key !== null; a = a.parent) path.push(a.key);
    return path.reverse();
  };
  const stack: At[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const v = at.value;
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) return { path: pathOf(at), message: `${problem}, which cannot be stored` };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: at });
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const problem = textProblem(key);
        if (problem) return { path: pathOf(at, key), message: `the key ${problem}, which cannot be stored` };
        stack.push({ value: child, key, parent: at });
      }
    }
  }
  return null;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character (U+0000)";
  if (LONE_SURROGATE.test(s)) return "contains an unpaired UTF-16 surrogate (not valid Unicode)";
  return null;
}
