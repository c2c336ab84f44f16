/**
 * `value` with `patch` applied and every key left holding `undefined` removed. In the draft an unset optional
 * field is absent, never present as undefined, so diffs, hashes and the YAML see "off" one way only.
 */
export function patchObject<T extends object>(value: T, patch: NoInfer<Partial<T>> = {}): T {
  const next: Record<string, unknown> = { ...value, ...patch };
  for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
  return next as T;
}
