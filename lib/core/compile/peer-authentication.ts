import { ROOT_NAMESPACE } from "../model/authorization.ts";
import type { MeshConfig, PeerAuthentication } from "../model/index.ts";
import { serviceWorkload, type Workload } from "../authz/index.ts";
import type { CompiledMtls, EffectiveMtlsMode } from "../snapshot/schema.ts";
import { clusterName } from "./compile-rule.ts";
import { cmp, sortBy } from "./sort.ts";

/** Istio's default when no PeerAuthentication decides: a sidecar takes mTLS and plaintext alike. */
export const DEFAULT_MTLS_MODE: EffectiveMtlsMode = "PERMISSIVE";

type Mode = NonNullable<PeerAuthentication["mtls"]>["mode"];
const set = (m: Mode | undefined): EffectiveMtlsMode | undefined => (m === undefined || m === "UNSET" ? undefined : m);

/**
 * The policies that may apply to a workload, by Istio's levels: mesh-wide (root namespace, no selector),
 * namespace-wide (the workload's namespace, no selector) and workload (its namespace, a selector that matches).
 * A policy of another namespace never applies, and Istio ignores a selector in the root namespace. Several on one
 * level: Istio takes the oldest; the model has no creation time, so the first by name (documented in the README).
 */
function levels(all: readonly PeerAuthentication[], w: Workload) {
  const sorted = sortBy([...all], (p) => p.name);
  const hasSelector = (p: PeerAuthentication) => Object.keys(p.selector?.matchLabels ?? {}).length > 0;
  const selects = (p: PeerAuthentication) =>
    Object.entries(p.selector?.matchLabels ?? {}).every(([k, v]) => w.labels[k] === v);
  const own = (p: PeerAuthentication) => p.namespace === w.namespace && p.namespace !== ROOT_NAMESPACE;
  return {
    mesh: sorted.find((p) => p.namespace === ROOT_NAMESPACE && !hasSelector(p)),
    namespace: sorted.find((p) => own(p) && !hasSelector(p)),
    workload: sorted.find((p) => own(p) && hasSelector(p) && selects(p)),
  };
}

/**
 * The inbound mTLS mode of one workload with Istio's precedence: the workload policy's mode, else the namespace's,
 * else the mesh's (UNSET inherits), else PERMISSIVE; portLevelMtls (workload policies only, keyed by the workload's
 * port, i.e. the app's) overrides per port, an UNSET port taking the workload's mode.
 */
export function effectiveMtls(
  all: readonly PeerAuthentication[],
  w: Workload,
): { mode: EffectiveMtlsMode; ports: Record<string, EffectiveMtlsMode> } {
  const l = levels(all, w);
  const mode =
    set(l.workload?.mtls?.mode) ?? set(l.namespace?.mtls?.mode) ?? set(l.mesh?.mtls?.mode) ?? DEFAULT_MTLS_MODE;
  const ports: Record<string, EffectiveMtlsMode> = {};
  for (const [port, p] of Object.entries(l.workload?.portLevelMtls ?? {})) {
    const m = set(p.mode) ?? mode;
    if (m !== mode) ports[port] = m;
  }
  return { mode, ports };
}

/**
 * Every cluster's inbound mode for its sidecar. Empty when the mesh has no PeerAuthentication (every sidecar then
 * defaults to PERMISSIVE), so snapshots of meshes without one keep their hash.
 */
export function compileMtls(mesh: MeshConfig): CompiledMtls[] {
  if (mesh.peerAuthentications.length === 0) return [];
  const out = mesh.services.flatMap((s) =>
    s.versions.map((v) => {
      const e = effectiveMtls(mesh.peerAuthentications, serviceWorkload(s, v));
      return {
        cluster: clusterName(s.name, v.name),
        mode: e.mode,
        ...(Object.keys(e.ports).length > 0 ? { ports: e.ports } : {}),
      };
    }),
  );
  return out.sort((a, b) => cmp(a.cluster, b.cluster));
}

/** The mode a sidecar's inbound applies on `appPort` (absent from the snapshot: PERMISSIVE). */
export function inboundMtlsMode(
  compiled: readonly CompiledMtls[] | undefined,
  cluster: string,
  appPort: number,
): EffectiveMtlsMode {
  const c = compiled?.find((m) => m.cluster === cluster);
  if (c === undefined) return DEFAULT_MTLS_MODE;
  return c.ports?.[String(appPort)] ?? c.mode;
}
