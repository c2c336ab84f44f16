/**
 * Deterministic JSON: object keys sorted, no whitespace, `undefined` members dropped.
 * Array order is kept because in routing it carries meaning (rule order); the compiler sorts
 * the arrays whose order carries none.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === "number" && !Number.isFinite(value))
    throw new Error(`canonicalJson: non-finite number ${value}`);
  return value;
}
