import {
  AuthorizationPolicySchema,
  PeerAuthenticationSchema,
  DEFAULT_NAMESPACE,
  type AuthorizationPolicy,
  type PeerAuthentication,
} from "../model/index.ts";
import type { ImportContext } from "./context.ts";
import type { ParsedDocument } from "./documents.ts";
import { sortedRecord, type K8sObject } from "./render.ts";
import { asArray, asRecord, asString, type DocumentLog, type YamlPath } from "./report.ts";

/**
 * security.istio.io AuthorizationPolicy and PeerAuthentication, both ways. Import reads v1 and v1beta1 (same schema),
 * reports every field it does not keep; export writes v1 in a fixed key order. A policy keeps its metadata.namespace
 * (absent: the import's `--namespace`), which decides what it applies to (lib/core/authz/selection.ts); one in
 * `istio-system`, Istio's root namespace, is mesh-wide. As for every object, one in `default` is exported in the
 * export's namespace.
 */
const SOURCE_KEYS = [
  "principals",
  "notPrincipals",
  "requestPrincipals",
  "notRequestPrincipals",
  "namespaces",
  "notNamespaces",
  "ipBlocks",
  "notIpBlocks",
  "remoteIpBlocks",
  "notRemoteIpBlocks",
] as const;
const OPERATION_KEYS = [
  "hosts",
  "notHosts",
  "ports",
  "notPorts",
  "methods",
  "notMethods",
  "paths",
  "notPaths",
] as const;

/**
 * Istio's serviceAccounts (`ns/sa`) and trustDomains (`td`) are principal matches in other words; they are written as
 * principal suffix and prefix matches (any trust domain + `/ns/<ns>/sa/<sa>`; `<td>/` + anything) rather than dropped,
 * because dropping a source field would widen an ALLOW.
 */
const AS_PRINCIPALS: Record<string, { into: "principals" | "notPrincipals"; to: (v: string) => string }> = {
  serviceAccounts: { into: "principals", to: (v) => `*/ns/${v.replace("/", "/sa/")}` },
  notServiceAccounts: { into: "notPrincipals", to: (v) => `*/ns/${v.replace("/", "/sa/")}` },
  trustDomains: { into: "principals", to: (v) => `${v}/*` },
  notTrustDomains: { into: "notPrincipals", to: (v) => `${v}/*` },
};

function asPrincipals(source: Record<string, unknown>, log: DocumentLog, at: YamlPath): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, { into, to }] of Object.entries(AS_PRINCIPALS)) {
    if (source[field] === undefined) continue;
    const values = asArray(source[field]).map((v) => to(String(v)));
    out[into] = [...((source[into] as string[] | undefined) ?? []), ...(out[into] ?? []), ...values];
    log.partial([...at, field], `${field} imported as ${into} ${values.join(", ")}`);
  }
  return out;
}

const policyNamespace = (doc: ParsedDocument, ctx: ImportContext): string => doc.namespace ?? ctx.namespace;

function readMeta(doc: ParsedDocument): void {
  doc.log.checkKeys(doc.body, ["apiVersion", "kind", "metadata", "spec"], []);
  doc.log.checkKeys(asRecord(doc.body.metadata), ["name", "namespace"], ["metadata"]);
}

function selectorOf(
  raw: unknown,
  log: DocumentLog,
  path: YamlPath,
): { matchLabels: Record<string, string> } | undefined {
  if (raw === undefined) return undefined;
  const sel = asRecord(raw);
  log.checkKeys(sel, ["matchLabels"], path);
  return { matchLabels: asRecord(sel.matchLabels) as Record<string, string> };
}

function ruleOf(raw: unknown, log: DocumentLog, path: YamlPath): unknown {
  const rule = asRecord(raw);
  log.checkKeys(rule, ["from", "to", "when"], path);
  const from = asArray(rule.from).map((f, i) => {
    const source = asRecord(asRecord(f).source);
    log.checkKeys(asRecord(f), ["source"], [...path, "from", i]);
    const at = [...path, "from", i, "source"];
    log.checkKeys(source, [...SOURCE_KEYS, ...Object.keys(AS_PRINCIPALS)], at);
    return {
      source: {
        ...Object.fromEntries(SOURCE_KEYS.filter((k) => k in source).map((k) => [k, source[k]])),
        ...asPrincipals(source, log, at),
      },
    };
  });
  const to = asArray(rule.to).map((t, i) => {
    const op = asRecord(asRecord(t).operation);
    log.checkKeys(asRecord(t), ["operation"], [...path, "to", i]);
    log.checkKeys(op, OPERATION_KEYS, [...path, "to", i, "operation"]);
    return { operation: Object.fromEntries(OPERATION_KEYS.filter((k) => k in op).map((k) => [k, op[k]])) };
  });
  const when = asArray(rule.when).map((w, i) => {
    log.checkKeys(asRecord(w), ["key", "values", "notValues"], [...path, "when", i]);
    return w;
  });
  return {
    ...(rule.from !== undefined ? { from } : {}),
    ...(rule.to !== undefined ? { to } : {}),
    ...(rule.when !== undefined ? { when } : {}),
  };
}

function invalid(log: DocumentLog, issues: { path: PropertyKey[]; message: string }[]): void {
  log.invalid(["spec"], issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; "));
}

export function importAuthorizationPolicy(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMeta(doc);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["selector", "targetRef", "targetRefs", "action", "rules"], ["spec"]);
  const refs = [...(spec.targetRef !== undefined ? [spec.targetRef] : []), ...asArray(spec.targetRefs)].map((r, i) => {
    const ref = asRecord(r);
    log.checkKeys(
      ref,
      ["group", "kind", "name"],
      ["spec", spec.targetRef !== undefined && i === 0 ? "targetRef" : "targetRefs"],
    );
    return { ...(ref.group !== undefined ? { group: asString(ref.group) } : {}), kind: ref.kind, name: ref.name };
  });
  if (spec.action === "CUSTOM")
    log.partial(
      ["spec", "action"],
      "CUSTOM (an external authorizer) is not supported: imported, but validation refuses it (SB603)",
    );
  const parsed = AuthorizationPolicySchema.safeParse({
    name: doc.name,
    namespace: policyNamespace(doc, ctx),
    ...(spec.selector !== undefined ? { selector: selectorOf(spec.selector, log, ["spec", "selector"]) } : {}),
    ...(refs.length > 0 ? { targetRefs: refs } : {}),
    ...(spec.action !== undefined ? { action: spec.action } : {}),
    ...(spec.rules !== undefined
      ? { rules: asArray(spec.rules).map((r, i) => ruleOf(r, log, ["spec", "rules", i])) }
      : {}),
  });
  if (parsed.success) ctx.authorizationPolicies.push(parsed.data);
  else invalid(log, parsed.error.issues);
}

export function importPeerAuthentication(doc: ParsedDocument, ctx: ImportContext): void {
  const { log } = doc;
  readMeta(doc);
  const spec = asRecord(doc.body.spec);
  log.checkKeys(spec, ["selector", "mtls", "portLevelMtls"], ["spec"]);
  if (spec.mtls !== undefined) log.checkKeys(asRecord(spec.mtls), ["mode"], ["spec", "mtls"]);
  const parsed = PeerAuthenticationSchema.safeParse({
    name: doc.name,
    namespace: policyNamespace(doc, ctx),
    ...(spec.selector !== undefined ? { selector: selectorOf(spec.selector, log, ["spec", "selector"]) } : {}),
    ...(spec.mtls !== undefined ? { mtls: spec.mtls } : {}),
    ...(spec.portLevelMtls !== undefined ? { portLevelMtls: spec.portLevelMtls } : {}),
  });
  if (parsed.success) ctx.peerAuthentications.push(parsed.data);
  else invalid(log, parsed.error.issues);
}

const metadata = (p: { name: string; namespace: string }, namespace: string) => ({
  name: p.name,
  namespace: p.namespace === DEFAULT_NAMESPACE ? namespace : p.namespace,
});

const selector = (s: AuthorizationPolicy["selector"]) =>
  s === undefined ? undefined : { matchLabels: sortedRecord(s.matchLabels) };

export function authorizationPolicyObject(p: AuthorizationPolicy, namespace: string): K8sObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: metadata(p, namespace),
    spec: {
      selector: selector(p.selector),
      targetRefs: p.targetRefs?.map((r) => ({
        group: r.group ?? (r.kind === "Gateway" ? "gateway.networking.k8s.io" : ""),
        kind: r.kind,
        name: r.name,
      })),
      action: p.action,
      rules: p.rules?.map((r) => ({
        from: r.from?.map((f) => ({ source: Object.fromEntries(SOURCE_KEYS.map((k) => [k, f.source[k]])) })),
        to: r.to?.map((t) => ({ operation: Object.fromEntries(OPERATION_KEYS.map((k) => [k, t.operation[k]])) })),
        when: r.when?.map((w) => ({ key: w.key, values: w.values, notValues: w.notValues })),
      })),
    },
  };
}

export function peerAuthenticationObject(p: PeerAuthentication, namespace: string): K8sObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: metadata(p, namespace),
    spec: {
      selector: selector(p.selector),
      mtls: p.mtls,
      portLevelMtls: p.portLevelMtls === undefined ? undefined : sortedRecord(p.portLevelMtls),
    },
  };
}

const byKey = <T extends { name: string; namespace: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => {
    const ka = `${a.namespace}/${a.name}`;
    const kb = `${b.namespace}/${b.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });

/** PeerAuthentications, then AuthorizationPolicies, each by namespace/name. */
export function securityObjects(
  mesh: { authorizationPolicies: AuthorizationPolicy[]; peerAuthentications: PeerAuthentication[] },
  namespace: string,
): K8sObject[] {
  return [
    ...byKey(mesh.peerAuthentications).map((p) => peerAuthenticationObject(p, namespace)),
    ...byKey(mesh.authorizationPolicies).map((p) => authorizationPolicyObject(p, namespace)),
  ];
}
