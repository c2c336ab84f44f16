import { ROOT_NAMESPACE } from "../model/authorization.ts";
import type { AuthorizationPolicy, Labels } from "../model/index.ts";
import { namespaceOf } from "../model/namespace.ts";

/**
 * Which workloads a policy (or PeerAuthentication) applies to, as Istio decides it. Signalbox's workloads are its
 * service versions (labels `app: <service>`, `version: <version>` plus the version's own labels) and its gateways
 * (`istio: <gateway>` and `gateway.networking.k8s.io/gateway-name: <gateway>`), each in its service's or gateway's
 * namespace. A policy applies only to workloads of its own namespace, except in the root namespace `istio-system`,
 * where a policy without selector is mesh-wide and a selector matches workloads of every namespace (Istio's
 * AuthorizationPolicy rule; PeerAuthentication ignores root selectors: lib/core/compile/peer-authentication.ts).
 * `targetRefs` name a Service or Gateway of the policy's own namespace; neither a selector nor targetRefs: every
 * workload of the namespace.
 */
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

export type Workload = { kind: "service" | "gateway"; name: string; namespace: string; labels: Labels };

type Named = { name: string; namespace?: string };

export function serviceWorkload(service: Named, version: { name: string; labels?: Labels }): Workload {
  return {
    kind: "service",
    name: service.name,
    namespace: namespaceOf(service),
    labels: { app: service.name, version: version.name, ...version.labels },
  };
}

export function gatewayWorkload(gateway: Named): Workload {
  return {
    kind: "gateway",
    name: gateway.name,
    namespace: namespaceOf(gateway),
    labels: { istio: gateway.name, [GATEWAY_NAME_LABEL]: gateway.name },
  };
}

type Selecting = Pick<AuthorizationPolicy, "selector" | "namespace"> & {
  targetRefs?: AuthorizationPolicy["targetRefs"];
};

/** Is the workload in the policy's reach before its selector is read: its namespace, or any from the root. */
export const inPolicyNamespace = (policy: { namespace: string }, w: Pick<Workload, "namespace">): boolean =>
  policy.namespace === w.namespace || policy.namespace === ROOT_NAMESPACE;

export function selects(policy: Selecting, w: Workload): boolean {
  if (policy.targetRefs !== undefined && policy.targetRefs.length > 0)
    return (
      policy.namespace === w.namespace &&
      policy.targetRefs.some(
        (r) => (r.kind === "Service" ? w.kind === "service" : w.kind === "gateway") && r.name === w.name,
      )
    );
  if (!inPolicyNamespace(policy, w)) return false;
  const labels = Object.entries(policy.selector?.matchLabels ?? {});
  return labels.every(([k, v]) => w.labels[k] === v);
}

/**
 * PeerAuthentication's reach: as `selects`, except that Istio ignores a selector in the root namespace (such a
 * policy applies to no workload; SB605).
 */
export function peerSelects(policy: Selecting, w: Workload): boolean {
  if (policy.namespace === ROOT_NAMESPACE && Object.keys(policy.selector?.matchLabels ?? {}).length > 0) return false;
  return selects(policy, w);
}

/**
 * Does the policy apply to at least one version of `service` (any labels)? For views that list a service's policies;
 * `select` is `peerSelects` for PeerAuthentications.
 */
export function policySelectsService(
  policy: Selecting,
  service: Named & { versions?: { name: string; labels?: Labels }[] },
  select: (policy: Selecting, w: Workload) => boolean = selects,
): boolean {
  const versions = service.versions ?? [];
  if (versions.length > 0) return versions.some((v) => select(policy, serviceWorkload(service, v)));
  // No versions known (a slice of the mesh): the version a selector of only app/version labels names stands in.
  const m = policy.selector?.matchLabels ?? {};
  const byAppVersion = Object.keys(m).every((k) => k === "app" || k === "version");
  return select(policy, serviceWorkload(service, { name: byAppVersion ? (m["version"] ?? "") : "" }));
}
