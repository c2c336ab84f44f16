/**
 * The simulator form's "one per line" fields: `name: value` headers and `name=value` query parameters. Blank lines
 * are skipped; a line without the separator (or without a name) is reported by its number.
 */
export type Pairs = { ok: true; pairs: Record<string, string> } | { ok: false; error: string };

export function parsePairs(text: string, separator: ":" | "="): Pairs {
  const pairs: Record<string, string> = {};
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const at = line.indexOf(separator);
    if (at <= 0) return { ok: false, error: `line ${i + 1}: expected name${separator === ":" ? ": " : "="}value` };
    pairs[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { ok: true, pairs };
}
