/**
 * One label of a key=value record set, or renamed from `from` to `key` in its place (rows keep their order while
 * being edited). The same record when nothing changes, when `key` is empty, or when a rename would overwrite another
 * label (a command never makes a name ambiguous; `labelKeyFree` lets a form say why).
 */
export function putLabel(
  labels: Readonly<Record<string, string>>,
  key: string,
  value: string,
  from: string = key,
): Record<string, string> {
  const same = labels as Record<string, string>;
  if (key === "" || (key !== from && Object.hasOwn(labels, key))) return same;
  if (key === from && labels[key] === value) return same;
  if (!Object.hasOwn(labels, from)) return { ...labels, [key]: value };
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => (k === from ? [key, value] : [k, v])));
}

/** The record without `key`; the same record when it has none. */
export function dropLabel(labels: Readonly<Record<string, string>>, key: string): Record<string, string> {
  if (!Object.hasOwn(labels, key)) return labels as Record<string, string>;
  return Object.fromEntries(Object.entries(labels).filter(([k]) => k !== key));
}

/** Whether `key` may be given to a label (of a record holding `from` being renamed). */
export const labelKeyFree = (labels: Readonly<Record<string, string>>, key: string, from?: string): boolean =>
  key === from || !Object.hasOwn(labels, key);
