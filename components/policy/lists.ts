/** "a, b ,,c" → ["a", "b", "c"]. */
export const splitList = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export const joinList = (items: readonly string[]): string => items.join(", ");

/** Adds or removes `item`, keeping the order of `all` when given (method checkboxes stay in canonical order). */
export function toggle<T>(list: readonly T[], item: T, on: boolean, all?: readonly T[]): T[] {
  const next = on ? (list.includes(item) ? [...list] : [...list, item]) : list.filter((x) => x !== item);
  return all ? [...all.filter((x) => next.includes(x)), ...next.filter((x) => !all.includes(x))] : next;
}

export const replaceAt = <T>(list: readonly T[], i: number, item: T): T[] => list.map((x, k) => (k === i ? item : x));
export const removeAt = <T>(list: readonly T[], i: number): T[] => list.filter((_, k) => k !== i);

type Rec = Record<string, string>;

/** Renames a record key in place (order kept). Refuses (returns null) an empty name or one another entry has. */
export function renameKey(rec: Rec, from: string, to: string): Rec | null {
  const name = to.trim();
  if (name === from) return rec;
  if (name === "" || Object.hasOwn(rec, name)) return null;
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k === from ? name : k, v]));
}

export const setValue = (rec: Rec, key: string, value: string): Rec => ({ ...rec, [key]: value });

export function removeKey(rec: Rec, key: string): Rec {
  return Object.fromEntries(Object.entries(rec).filter(([k]) => k !== key));
}

/** A name not yet used in `taken`: "x-header", "x-header-2", … */
export function freshName(taken: Iterable<string>, base = "x-header"): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
