import type { AuthorizationPolicy, NamespaceLabels, PeerAuthentication, ReferenceGrant } from "../model/index.ts";
import { fieldChanges, pairByKey } from "./helpers.ts";
import type { ChangeEntity, MeshChange } from "./types.ts";

/** Policies by namespace/name: added, removed, or one `changed` entry per top-level field that differs. */
function diffByKey<T extends { name: string; namespace: string }>(
  entity: ChangeEntity,
  label: string,
  field: string,
  before: T[],
  after: T[],
  fields: readonly (keyof T & string)[],
): MeshChange[] {
  const out: MeshChange[] = [];
  pairByKey(
    before,
    after,
    (p) => `${p.namespace}/${p.name}`,
    (key, b, a) => {
      const path = [field, key];
      if (!b) out.push({ kind: "added", entity, name: key, path, after: a, summary: `${label} ${key} added` });
      else if (!a)
        out.push({ kind: "removed", entity, name: key, path, before: b, summary: `${label} ${key} removed` });
      else out.push(...fieldChanges(entity, key, path, b, a, fields));
    },
  );
  return out;
}

interface Policies {
  authorizationPolicies: AuthorizationPolicy[];
  peerAuthentications: PeerAuthentication[];
  referenceGrants: ReferenceGrant[];
  namespaces?: NamespaceLabels[];
}

/** Namespace labels by name (listener allowedRoutes selectors match them): added, removed, labels changed. */
function diffNamespaces(before: NamespaceLabels[], after: NamespaceLabels[]): MeshChange[] {
  const out: MeshChange[] = [];
  pairByKey(
    before,
    after,
    (n) => n.name,
    (key, b, a) => {
      const path = ["namespaces", key];
      if (!b)
        out.push({ kind: "added", entity: "namespace", name: key, path, after: a, summary: `namespace ${key} added` });
      else if (!a)
        out.push({
          kind: "removed",
          entity: "namespace",
          name: key,
          path,
          before: b,
          summary: `namespace ${key} removed`,
        });
      else out.push(...fieldChanges("namespace", key, path, b, a, ["labels"]));
    },
  );
  return out;
}

export function diffPolicies(before: Policies, after: Policies): MeshChange[] {
  return [
    ...diffByKey(
      "authorizationPolicy",
      "AuthorizationPolicy",
      "authorizationPolicies",
      before.authorizationPolicies,
      after.authorizationPolicies,
      ["action", "selector", "targetRefs", "rules"],
    ),
    ...diffByKey(
      "peerAuthentication",
      "PeerAuthentication",
      "peerAuthentications",
      before.peerAuthentications,
      after.peerAuthentications,
      ["selector", "mtls", "portLevelMtls"],
    ),
    ...diffByKey("referenceGrant", "ReferenceGrant", "referenceGrants", before.referenceGrants, after.referenceGrants, [
      "from",
      "to",
    ]),
    ...diffNamespaces(before.namespaces ?? [], after.namespaces ?? []),
  ];
}
