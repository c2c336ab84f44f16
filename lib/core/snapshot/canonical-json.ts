/**
 * Deterministic JSON: object keys sorted, no whitespace, `undefined` members dropped.
 * Array order is kept because in routing it carries meaning (rule order); the compiler sorts
 * the arrays whose order carries none.
 *
 * Written straight to string pieces, without building a sorted copy of the value first (a 17 MB snapshot used to be
 * copied object by object before JSON.stringify saw it). `known` memoizes the canonical JSON of long-lived objects
 * (the compile cache's virtual hosts and clusters): an object mapped to a string is spliced in as it is, an object
 * mapped to null is serialized and its string remembered, others are serialized every time. So a mostly unchanged
 * snapshot is mostly concatenation. Objects in `known` must never change.
 */
export type CanonicalMemo = WeakMap<object, string | null>;

export function canonicalJson(value: unknown, known?: CanonicalMemo): string {
  return write(value, known) as string;
}

function write(value: unknown, known: CanonicalMemo | undefined): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      const memo = known?.get(value);
      if (typeof memo === "string") return memo;
      const json = writeObject(value, known);
      if (memo === null) known!.set(value, json);
      return json;
    }
    case "bigint":
      throw new TypeError("canonicalJson: BigInt value can't be serialized in JSON");
    default:
      // undefined, functions and symbols: dropped from objects, null in arrays, as JSON.stringify does.
      return undefined;
  }
}

function writeObject(value: object, known: CanonicalMemo | undefined): string {
  if (Array.isArray(value)) {
    const parts = new Array<string>(value.length);
    for (let i = 0; i < value.length; i++) parts[i] = write(value[i], known) ?? "null";
    return `[${parts.join(",")}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    const json = write(v, known);
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(",")}}`;
}
