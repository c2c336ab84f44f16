import type { OpenApiDocument, OpenApiOperation } from "@/lib/core/api/index.ts";

export interface DocOperation {
  method: string;
  path: string;
  op: OpenApiOperation;
}

export interface DocGroup {
  /** The first path segment after /api, e.g. "changes". */
  name: string;
  operations: DocOperation[];
}

const METHOD_ORDER = ["get", "post", "put", "patch", "delete"];

/** "/api/changes/{id}/approve" → "changes". */
export function groupOf(path: string): string {
  const segs = path.split("/").filter(Boolean);
  return (segs[0] === "api" ? segs[1] : segs[0])?.replace(/\{.*\}/, "") || "root";
}

function matches(d: DocOperation, needle: string): boolean {
  if (!needle) return true;
  const hay =
    `${d.method} ${d.path} ${d.op.summary ?? ""} ${d.op.operationId ?? ""} ${d.op["x-signalbox-access"] ?? ""}`.toLowerCase();
  return needle
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/** Operations grouped by path prefix, in the registry's order; `filter` keeps those whose method, path, summary or access mention every word. */
export function groupOperations(doc: OpenApiDocument, filter = ""): DocGroup[] {
  const groups = new Map<string, DocOperation[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    const methods = Object.keys(item).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
    for (const method of methods) {
      const d: DocOperation = { method, path, op: item[method]! };
      if (!matches(d, filter.trim())) continue;
      const name = groupOf(path);
      groups.set(name, [...(groups.get(name) ?? []), d]);
    }
  }
  return [...groups].map(([name, operations]) => ({ name, operations }));
}

/** `#/components/schemas/ApiError` → "ApiError". */
export function refName(schema: unknown): string | null {
  if (schema && typeof schema === "object" && "$ref" in schema && typeof schema.$ref === "string")
    return schema.$ref.split("/").pop() ?? null;
  return null;
}

/** A stable DOM id for an operation. */
export const opAnchor = (d: DocOperation): string =>
  `op-${d.op.operationId ?? `${d.method}-${d.path.replace(/[^\w]+/g, "-")}`}`;
