import { z } from "zod";
import { NameSchema } from "./names.ts";

/**
 * Kubernetes namespaces, where Gateway API and Istio give them meaning: a route, service or gateway lives in one
 * (absent: "default", so meshes written before namespaces read the same), a cross-namespace backendRef needs a
 * ReferenceGrant. Names stay unique across the mesh (the importer renames a clash), so references stay by name.
 */
export const DEFAULT_NAMESPACE = "default";
export const NamespaceSchema = NameSchema;

/** The namespace of a route, service or gateway. */
export const namespaceOf = (o: { namespace?: string }): string => o.namespace ?? DEFAULT_NAMESPACE;

/** The model's form of a namespace: absent for "default", so one namespace has one spelling. */
export const namespaceField = (namespace: string | undefined): { namespace?: string } =>
  namespace === undefined || namespace === DEFAULT_NAMESPACE ? {} : { namespace };

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

/** Who may refer: kind (HTTPRoute) of group in namespace (Gateway API ReferenceGrantFrom). */
export const ReferenceGrantFromSchema = z.object({
  group: z.string().max(253),
  kind: z.string().min(1).max(63),
  namespace: NamespaceSchema,
});

/** What may be referred to in the grant's namespace: kind of group, one name or all (ReferenceGrantTo). */
export const ReferenceGrantToSchema = z.object({
  group: z.string().max(253),
  kind: z.string().min(1).max(63),
  name: z.string().min(1).max(253).optional(),
});

/** Gateway API ReferenceGrant: allows references from `from` into its own namespace, to `to`. */
export const ReferenceGrantSchema = z.object({
  name: NameSchema,
  namespace: NamespaceSchema,
  from: z.array(ReferenceGrantFromSchema).min(1, "a ReferenceGrant needs at least one from"),
  to: z.array(ReferenceGrantToSchema).min(1, "a ReferenceGrant needs at least one to"),
});
export type ReferenceGrant = z.infer<typeof ReferenceGrantSchema>;
