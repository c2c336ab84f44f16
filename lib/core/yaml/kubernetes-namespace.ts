import { NamespaceLabelsSchema } from "../model/namespace.ts";
import type { ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { asRecord } from "./report.ts";

/**
 * A core v1 Namespace: its name and labels, which Gateway listeners' `allowedRoutes.namespaces.selector` match.
 * Annotations and spec/status (finalizers) mean nothing to Signalbox routing and are reported.
 */
export function importNamespace(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata"], []);
  const meta = asRecord(doc.body.metadata);
  log.checkKeys(meta, ["name", "labels"], ["metadata"]);
  const labels = Object.fromEntries(Object.entries(asRecord(meta.labels)).map(([k, v]) => [k, String(v)]));
  const parsed = NamespaceLabelsSchema.safeParse({ name: doc.name, labels });
  if (!parsed.success)
    return log.invalid(["metadata"], parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  if (ctx.namespaces.some((n) => n.name === parsed.data.name))
    return log.partial(["metadata", "name"], `Namespace ${doc.name} is defined twice: the first one is kept`);
  ctx.namespaces.push(parsed.data);
}
