import { ReferenceGrantSchema, type ReferenceGrant } from "../model/index.ts";
import type { ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { readMetadata } from "./istio-import-services.ts";
import type { K8sObject } from "./render.ts";
import { asArray, asRecord, asString } from "./report.ts";

/**
 * A ReferenceGrant (gateway.networking.k8s.io v1 or v1beta1, the same fields) is config like a route: stored as
 * written, it decides which cross-namespace backendRefs resolve when the mesh is compiled.
 */
export function importReferenceGrant(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMetadata(doc);
  log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["from", "to"], ["spec"]);
  const from = asArray(spec.from).map((raw, i) => {
    const f = asRecord(raw);
    log.checkKeys(f, ["group", "kind", "namespace"], ["spec", "from", i]);
    return { group: asString(f.group) ?? "", kind: asString(f.kind), namespace: asString(f.namespace) };
  });
  const to = asArray(spec.to).map((raw, i) => {
    const t = asRecord(raw);
    log.checkKeys(t, ["group", "kind", "name"], ["spec", "to", i]);
    return { group: asString(t.group) ?? "", kind: asString(t.kind), name: asString(t.name) };
  });
  const parsed = ReferenceGrantSchema.safeParse({
    name: doc.name,
    namespace: doc.namespace ?? ctx.namespace,
    from,
    to,
  });
  if (parsed.success) ctx.referenceGrants.push(parsed.data);
  else for (const i of parsed.error.issues) log.invalid(["spec", ...i.path.map(String)], i.message);
}

/** A grant as Kubernetes reads it back: v1, fields in the spec's order. */
export function referenceGrantObject(g: ReferenceGrant): K8sObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "ReferenceGrant",
    metadata: { name: g.name, namespace: g.namespace },
    spec: {
      from: g.from.map((f) => ({ group: f.group, kind: f.kind, namespace: f.namespace })),
      to: g.to.map((t) => ({ group: t.group, kind: t.kind, name: t.name })),
    },
  };
}
