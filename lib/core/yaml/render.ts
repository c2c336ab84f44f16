import { stringify } from "yaml";

/** A Kubernetes object as plain data; key insertion order is the printed order. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  /** Absent only for objects that have none (a Namespace). */
  spec?: Record<string, unknown>;
};

/** Marker for an intentionally empty object, such as Istio's "header present" match `{}`. */
export const EMPTY_MATCH: Record<string, never> = Object.freeze({}) as Record<string, never>;

/** Drops undefined members and empty objects/arrays so optional fields never print as `{}`/`null`. */
function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prune) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (v === EMPTY_MATCH) {
        out[k] = {};
        continue;
      }
      const p = prune(v);
      if (p !== null && typeof p === "object" && !Array.isArray(p) && Object.keys(p).length === 0) continue;
      if (Array.isArray(p) && p.length === 0) continue;
      out[k] = p;
    }
    return out as T;
  }
  return value;
}

/** Record with keys sorted, because user maps (labels, headers) carry no order. */
export function sortedRecord<V>(rec: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Multi-document YAML with a fixed style, so the same objects always print the same bytes. */
export function renderDocuments(objects: readonly K8sObject[], header?: string): string {
  const body = objects
    .map((o) =>
      stringify(prune(o), { lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false }),
    )
    .join("---\n");
  return header ? `${header}\n${body}` : body;
}

export function versionHeader(opts: { version?: number; hash?: string }): string | undefined {
  if (opts.version === undefined && opts.hash === undefined) return undefined;
  const parts = [
    opts.version !== undefined ? `version ${opts.version}` : undefined,
    opts.hash !== undefined ? `sha256 ${opts.hash}` : undefined,
  ];
  return `# Signalbox config ${parts.filter(Boolean).join(", ")}`;
}
