/** Plain code-unit comparison: locale-independent, so every machine sorts alike. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted copy by a string key. */
export function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => cmp(key(a), key(b)));
}

/** Sorted, de-duplicated copy of strings (sets such as hosts and gateway names). */
export const sortedSet = (items: readonly string[]): string[] => [...new Set(items)].sort(cmp);
