import { z } from "zod";
import { DEFAULT_NAMESPACE } from "../model/namespace.ts";
import type { Cluster, CompiledMtls, EffectiveMtlsMode } from "../snapshot/schema.ts";

/**
 * Mesh mode (a proxy beside one service version, README "Mesh mode"): what the sidecar decides from the snapshot and
 * its own identity, kept pure so the console and tests read the same rules.
 */

/** `--sidecar-for reviews/v2`: the cluster the sidecar stands in front of. */
export const SidecarTargetSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?\/[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "must be service/version, e.g. reviews/v2");

/** The SPIFFE ID of a service's sidecars (the CA's, lib/server/security/ca.ts): `spiffe://td/ns/<ns>/sa/<svc>`. */
export const serviceSpiffeId = (trustDomain: string, service: string, namespace = DEFAULT_NAMESPACE): string =>
  `spiffe://${trustDomain}/ns/${namespace}/sa/${service}`;

/** `spiffe://td/…` → `td`; null for anything else. */
export function trustDomainOf(spiffeId: string | null | undefined): string | null {
  const m = /^spiffe:\/\/([^/]+)\//.exec(spiffeId ?? "");
  return m ? m[1]! : null;
}

/** `spiffe://td/ns/default/sa/reviews` → `reviews`; null for a SPIFFE ID of another shape (a gateway proxy's). */
export function serviceOfSpiffeId(spiffeId: string): string | null {
  const m = /^spiffe:\/\/[^/]+\/ns\/[^/]+\/sa\/([^/]+)$/.exec(spiffeId);
  return m ? m[1]! : null;
}

/**
 * Auto mTLS (Istio's): a sidecar calls a cluster with ISTIO_MUTUAL, presenting its workload certificate and requiring
 * the peer's certificate to carry the destination service's SPIFFE ID, unless the cluster's DestinationRule sets
 * `tls` itself (any mode, DISABLE included) or the destination's inbound mode is DISABLE. Without a trust domain
 * (no workload certificate yet) the clusters stay as they are: the calls fail for a STRICT peer until it arrives.
 */
export function withAutoMtls(
  clusters: readonly Cluster[],
  mtls: readonly CompiledMtls[] | undefined,
  trustDomain: string | null,
): Cluster[] {
  const disabled = new Set((mtls ?? []).filter((m) => m.mode === "DISABLE").map((m) => m.cluster));
  return originateMtls(clusters, trustDomain, (c) => !disabled.has(c.name));
}

/**
 * Auto mTLS on a gateway (a proxy that is no sidecar): Istio's gateways originate ISTIO_MUTUAL to every endpoint
 * that has a sidecar. The snapshot does not say which endpoints have one, but a STRICT destination must (nothing
 * else would take its traffic), so a gateway originates mTLS to the clusters whose inbound mode is STRICT, unless
 * their DestinationRule sets `tls` itself; everything else stays plaintext, as before. Without a workload
 * certificate (a gateway that never joined the console's CA) nothing changes and a STRICT peer refuses the calls.
 */
export function withGatewayAutoMtls(
  clusters: readonly Cluster[],
  mtls: readonly CompiledMtls[] | undefined,
  trustDomain: string | null,
): Cluster[] {
  const strict = new Set((mtls ?? []).filter((m) => m.mode === "STRICT").map((m) => m.cluster));
  if (strict.size === 0) return [...clusters];
  return originateMtls(clusters, trustDomain, (c) => strict.has(c.name));
}

/**
 * ISTIO_MUTUAL to the peer's service identity (in its namespace) for the clusters `applies` picks and whose
 * DestinationRule is silent; a port's own settings (byPort) get the same, since their policy replaces the cluster's
 * for destinations naming that port.
 */
function originateMtls(
  clusters: readonly Cluster[],
  trustDomain: string | null,
  applies: (c: Cluster) => boolean,
): Cluster[] {
  if (trustDomain === null) return [...clusters];
  const auto = <T extends { trafficPolicy?: Cluster["trafficPolicy"] }>(c: T, owner: Cluster): T =>
    c.trafficPolicy?.tls !== undefined
      ? c
      : {
          ...c,
          trafficPolicy: {
            ...c.trafficPolicy,
            tls: {
              mode: "ISTIO_MUTUAL",
              subjectAltNames: [serviceSpiffeId(trustDomain, owner.service, owner.namespace)],
            },
          },
        };
  return clusters.map((c) => {
    if (!applies(c)) return c;
    const own = auto(c, c);
    return c.byPort ? { ...own, byPort: c.byPort.map((p) => auto(p, c)) } : own;
  });
}

/**
 * The mTLS state of a service-to-service edge as the destination's sidecar saw a request: `locked` (mTLS, and the
 * destination takes nothing else: STRICT), `permissive` (mTLS, but plaintext would have been accepted too), `plain`.
 */
export const MTLS_STATES = ["locked", "permissive", "plain"] as const;
export const MtlsStateSchema = z.enum(MTLS_STATES);
export type MtlsState = z.infer<typeof MtlsStateSchema>;

export function mtlsStateOf(mutual: boolean, mode: EffectiveMtlsMode): MtlsState {
  if (!mutual) return "plain";
  return mode === "STRICT" ? "locked" : "permissive";
}

/** An edge with several states in a window shows the weakest one (plain over permissive over locked). */
export function weakestMtlsState(states: Iterable<MtlsState>): MtlsState | null {
  let worst: MtlsState | null = null;
  for (const s of states) if (worst === null || MTLS_STATES.indexOf(s) > MTLS_STATES.indexOf(worst)) worst = s;
  return worst;
}

/** What a caller without a verified certificate is called in edge metrics. */
export const UNKNOWN_SOURCE = "unknown";
