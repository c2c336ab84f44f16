import type { AuthorizationPolicy, Labels } from "../model/index.ts";

/**
 * Which workloads a policy (or PeerAuthentication) applies to, as Istio decides it. Signalbox's workloads are its
 * service versions (labels `app: <service>`, `version: <version>` plus the version's own labels) and its gateways
 * (`istio: <gateway>` and `gateway.networking.k8s.io/gateway-name: <gateway>`), all in namespace `default`; a policy
 * in the root namespace `istio-system` is mesh-wide. `targetRefs` name a Service or Gateway directly; neither a
 * selector nor targetRefs: every workload.
 */
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

export type Workload =
  { kind: "service"; name: string; labels: Labels } | { kind: "gateway"; name: string; labels: Labels };

export function serviceWorkload(service: string, version: string, versionLabels: Labels = {}): Workload {
  return { kind: "service", name: service, labels: { app: service, version, ...versionLabels } };
}

export function gatewayWorkload(gateway: string): Workload {
  return { kind: "gateway", name: gateway, labels: { istio: gateway, [GATEWAY_NAME_LABEL]: gateway } };
}

type Selecting = Pick<AuthorizationPolicy, "selector"> & { targetRefs?: AuthorizationPolicy["targetRefs"] };

export function selects(policy: Selecting, w: Workload): boolean {
  if (policy.targetRefs !== undefined && policy.targetRefs.length > 0)
    return policy.targetRefs.some(
      (r) => (r.kind === "Service" ? w.kind === "service" : w.kind === "gateway") && r.name === w.name,
    );
  const labels = Object.entries(policy.selector?.matchLabels ?? {});
  return labels.every(([k, v]) => w.labels[k] === v);
}

/** Does the policy apply to at least one version of `service` (any labels)? For views that list a service's policies. */
export function policySelectsService(
  policy: Selecting,
  service: string,
  versions: { name: string; labels: Labels }[] = [],
): boolean {
  if (versions.length === 0) return selects(policy, serviceWorkload(service, "", {})) || selectsByApp(policy, service);
  return versions.some((v) => selects(policy, serviceWorkload(service, v.name, v.labels)));
}

function selectsByApp(policy: Selecting, service: string): boolean {
  const m = policy.selector?.matchLabels ?? {};
  return (
    policy.targetRefs === undefined &&
    m["app"] === service &&
    Object.keys(m).every((k) => k === "app" || k === "version")
  );
}
