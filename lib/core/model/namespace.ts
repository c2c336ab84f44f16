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

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Why Kubernetes would refuse `key` as a label key (`[prefix/]name`: a DNS subdomain of at most 253 characters, a
 * name of 1–63), or undefined. The console edits namespace labels and selectors now, so what it stores must stay
 * something `kubectl apply` of the export accepts.
 */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) return "at most one '/' (prefix/name)";
  const name = parts.at(-1)!;
  const prefix = parts.length === 2 ? parts[0]! : undefined;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
    return "the prefix before '/' must be a lower-case DNS subdomain such as example.com";
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name))
    return "must be 1–63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  return undefined;
}

/** Why Kubernetes would refuse `value` as a label value (empty, or a name as in a key), or undefined. */
export const labelValueProblem = (value: string): string | undefined =>
  value === "" || (value.length <= 63 && LABEL_NAME.test(value))
    ? undefined
    : "must be empty or 1–63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

/** Kubernetes labels; an issue names the key (`…labels.<key>`), so the editor shows it at that row. */
export const KubeLabelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const bad = labelKeyProblem(key);
    if (bad) ctx.addIssue({ code: "custom", path: [key], message: `label key "${key}" ${bad}` });
    const badValue = labelValueProblem(value);
    if (badValue) ctx.addIssue({ code: "custom", path: [key], message: `label value "${value}" ${badValue}` });
  }
});

/** A Kubernetes label selector (metav1.LabelSelector): every matchLabels pair and every expression must hold. */
export const LabelSelectorSchema = z.object({
  matchLabels: KubeLabelsSchema.default({}),
  matchExpressions: z
    .array(
      z.object({
        key: z
          .string()
          .refine((k) => !labelKeyProblem(k), { error: (i) => `label key ${labelKeyProblem(String(i.input))}` }),
        operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
        values: z.array(z.string().max(63)).default([]),
      }),
    )
    .default([]),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

/** A namespace's labels (Kubernetes Namespace metadata.labels): what listener allowedRoutes selectors match. */
export const NamespaceLabelsSchema = z.object({
  name: NamespaceSchema,
  labels: KubeLabelsSchema.default({}),
});
export type NamespaceLabels = z.infer<typeof NamespaceLabelsSchema>;

/** Whether labels satisfy a selector (an empty selector selects everything, as in Kubernetes). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  return selector.matchExpressions.every((e) => {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === "Exists") return has;
    if (e.operator === "DoesNotExist") return !has;
    if (e.operator === "In") return has && e.values.includes(labels[e.key]!);
    return !has || !e.values.includes(labels[e.key]!);
  });
}
