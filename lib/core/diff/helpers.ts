import { canonicalJson } from "../snapshot/canonical-json.ts";
import type { ChangeEntity, MeshChange } from "./types.ts";

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Short human form of a value for summaries; long objects are cut, the full value is in before/after. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return "none";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== "object")) return `[${value.join(", ")}]`;
  const json = canonicalJson(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/**
 * Pairs items of two lists by key and calls back in sorted key order, which is what makes the
 * diff deterministic regardless of list order.
 */
export function pairByKey<T>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
  visit: (key: string, b: T | undefined, a: T | undefined) => void,
): void {
  const bm = new Map(before.map((x) => [key(x), x] as const));
  const am = new Map(after.map((x) => [key(x), x] as const));
  const keys = [...new Set([...bm.keys(), ...am.keys()])].sort(cmp);
  for (const k of keys) visit(k, bm.get(k), am.get(k));
}

/** One `changed` entry per listed field whose value differs. */
export function fieldChanges<T extends object>(
  entity: ChangeEntity,
  name: string,
  path: (string | number)[],
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): MeshChange[] {
  const out: MeshChange[] = [];
  for (const f of fields) {
    const b = before[f];
    const a = after[f];
    if (same(b, a)) continue;
    out.push({
      kind: "changed",
      entity,
      name,
      path: [...path, f],
      before: b,
      after: a,
      summary: `${f} of ${entity} ${name}: ${show(b)} → ${show(a)}`,
    });
  }
  return out;
}
