import type { OutgoingHttpHeaders } from "node:http";
import type { CompiledRule } from "../../lib/core/index.ts";

/**
 * Header lists as flat [name, value, name, value, …] arrays, the form node's rawHeaders, undici's dispatch,
 * http.request and res.writeHead() all take: built once per request, no object copies, no per-name validation
 * twice. Names keep the case they arrived with; every lookup here is case-insensitive.
 */
export type RawHeaders = string[];

/** A rule's requestHeaders / responseHeaders operations. */
export type HeaderOps = NonNullable<CompiledRule["requestHeaders"]>;

/** Removes every field named `lower` (a lower-case name), in place. */
export function removeAll(raw: RawHeaders, lower: string): void {
  let w = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === lower) continue;
    raw[w++] = raw[i]!;
    raw[w++] = raw[i + 1]!;
  }
  raw.length = w;
}

/** Whether a field named `lower` (a lower-case name) is present. */
export function hasHeader(raw: RawHeaders, lower: string): boolean {
  for (let i = 0; i < raw.length; i += 2)
    if (raw[i]!.length === lower.length && raw[i]!.toLowerCase() === lower) return true;
  return false;
}

/** Istio's order, in place: set (replaces every value of the name), then add (appends one more), then remove. */
export function applyHeaderOps(raw: RawHeaders, ops: HeaderOps | undefined): void {
  if (!ops) return;
  for (const [k, v] of Object.entries(ops.set)) {
    const name = k.toLowerCase();
    removeAll(raw, name);
    raw.push(name, v);
  }
  for (const [k, v] of Object.entries(ops.add)) raw.push(k.toLowerCase(), v);
  for (const k of ops.remove) removeAll(raw, k.toLowerCase());
}

/** Object form (lower-case names, repeated names become arrays), for a response that already has setHeader calls. */
export function toHeaderObject(raw: RawHeaders): OutgoingHttpHeaders {
  const o: OutgoingHttpHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i]!.toLowerCase();
    const prev = o[k];
    const v = raw[i + 1]!;
    o[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [String(prev), v];
  }
  return o;
}
