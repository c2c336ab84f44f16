import "server-only";
/**
 * Access policy rows <-> the mesh's authorizationPolicies, peerAuthentications and referenceGrants (Gateway API
 * ReferenceGrants are namespaced policy about references, stored the same way). Identity (namespace, name) in
 * columns, the rest in one JSON document read back through the model's zod schema (a corrupt row fails loudly).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  AuthorizationPolicySchema,
  NamespaceLabelsSchema,
  PeerAuthenticationSchema,
  ReferenceGrantSchema,
  type AuthorizationPolicy,
  type NamespaceLabels,
  type PeerAuthentication,
  type ReferenceGrant,
} from "../../core/model/index.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { PrismaTx } from "./prisma-factory.ts";

const AuthzSpecSchema = AuthorizationPolicySchema.omit({ name: true, namespace: true }).strict();
const PeerSpecSchema = PeerAuthenticationSchema.omit({ name: true, namespace: true }).strict();
const GrantSpecSchema = ReferenceGrantSchema.omit({ name: true, namespace: true }).strict();

interface Policies {
  authorizationPolicies: AuthorizationPolicy[];
  peerAuthentications: PeerAuthentication[];
  referenceGrants: ReferenceGrant[];
  /** Namespace labels (listener allowedRoutes selectors), stored beside the policies; absent when there are none. */
  namespaces?: NamespaceLabels[];
}

function parseSpec<T>(schema: z.ZodType<T>, value: unknown, where: string, fail: (m: string) => Error): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw fail(`invalid ${where}: ${z.prettifyError(r.error)}`);
}

/** Everything but the identity columns; JSON round trip drops undefined keys Prisma would refuse. */
function specOf(p: { name: string; namespace: string }): Prisma.InputJsonObject {
  const spec: Record<string, unknown> = { ...p };
  delete spec["name"];
  delete spec["namespace"];
  return JSON.parse(JSON.stringify(spec)) as Prisma.InputJsonObject;
}

export async function loadPolicies(db: PrismaTx, fail: (m: string) => Error): Promise<Policies> {
  const [authz, peer, grants, namespaces] = await Promise.all([
    db.authorizationPolicy.findMany(),
    db.peerAuthentication.findMany(),
    db.referenceGrant.findMany(),
    db.namespaceLabels.findMany(),
  ]);
  return {
    ...(namespaces.length > 0
      ? {
          namespaces: namespaces
            .map((r) => parseSpec(NamespaceLabelsSchema.strict(), r, `labels of namespace ${r.name}`, fail))
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        }
      : {}),
    authorizationPolicies: authz.map((r) => ({
      name: r.name,
      namespace: r.namespace as AuthorizationPolicy["namespace"],
      ...parseSpec(AuthzSpecSchema, r.spec, `AuthorizationPolicy ${r.namespace}/${r.name}`, fail),
    })),
    peerAuthentications: peer.map((r) => ({
      name: r.name,
      namespace: r.namespace as PeerAuthentication["namespace"],
      ...parseSpec(PeerSpecSchema, r.spec, `PeerAuthentication ${r.namespace}/${r.name}`, fail),
    })),
    referenceGrants: grants.map((r) => ({
      name: r.name,
      namespace: r.namespace,
      ...parseSpec(GrantSpecSchema, r.spec, `ReferenceGrant ${r.namespace}/${r.name}`, fail),
    })),
  };
}

/** Replaces every policy row (inside the caller's transaction, like replaceMesh). */
export async function replacePolicies(tx: PrismaTx, mesh: Policies): Promise<void> {
  await tx.authorizationPolicy.deleteMany({});
  await tx.peerAuthentication.deleteMany({});
  await tx.referenceGrant.deleteMany({});
  await tx.namespaceLabels.deleteMany({});
  await tx.namespaceLabels.createMany({
    data: (mesh.namespaces ?? []).map((n) => ({ name: n.name, labels: n.labels })),
  });
  await tx.authorizationPolicy.createMany({
    data: mesh.authorizationPolicies.map((p) => ({
      id: randomUUID(),
      name: p.name,
      namespace: p.namespace,
      spec: specOf(p),
    })),
  });
  await tx.peerAuthentication.createMany({
    data: mesh.peerAuthentications.map((p) => ({
      id: randomUUID(),
      name: p.name,
      namespace: p.namespace,
      spec: specOf(p),
    })),
  });
  await tx.referenceGrant.createMany({
    data: mesh.referenceGrants.map((g) => ({
      id: randomUUID(),
      name: g.name,
      namespace: g.namespace,
      spec: specOf(g),
    })),
  });
}
