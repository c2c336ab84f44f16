import type { AuthorizationPolicy, MeshConfig, PeerAuthentication } from "../model/index.ts";

/**
 * Named edits of access policy, addressed by namespace and name (Istio's identity of a policy). Like the other draft
 * commands: pure, no-op (the same mesh back) when the target is missing or a name would be taken.
 */
export interface PolicyAt {
  namespace: string;
  name: string;
}

const at = (p: PolicyAt) => (x: PolicyAt) => x.namespace === p.namespace && x.name === p.name;

/** Adds a policy; no-op when its namespace/name is taken. */
export function addAuthorizationPolicy(mesh: MeshConfig, policy: AuthorizationPolicy): MeshConfig {
  if (mesh.authorizationPolicies.some(at(policy))) return mesh;
  return { ...mesh, authorizationPolicies: [...mesh.authorizationPolicies, policy] };
}

/** Replaces the policy at `where` with `policy` (which may rename it); no-op when missing or the new name is taken. */
export function setAuthorizationPolicy(mesh: MeshConfig, where: PolicyAt, policy: AuthorizationPolicy): MeshConfig {
  const i = mesh.authorizationPolicies.findIndex(at(where));
  if (i === -1) return mesh;
  if (!at(where)(policy) && mesh.authorizationPolicies.some(at(policy))) return mesh;
  const next = [...mesh.authorizationPolicies];
  next[i] = policy;
  return { ...mesh, authorizationPolicies: next };
}

export function removeAuthorizationPolicy(mesh: MeshConfig, where: PolicyAt): MeshConfig {
  if (!mesh.authorizationPolicies.some(at(where))) return mesh;
  return { ...mesh, authorizationPolicies: mesh.authorizationPolicies.filter((p) => !at(where)(p)) };
}

/** Adds or replaces a PeerAuthentication by namespace/name. */
export function setPeerAuthentication(mesh: MeshConfig, policy: PeerAuthentication): MeshConfig {
  const others = mesh.peerAuthentications.filter((p) => !at(policy)(p));
  return { ...mesh, peerAuthentications: [...others, policy] };
}

export function removePeerAuthentication(mesh: MeshConfig, where: PolicyAt): MeshConfig {
  if (!mesh.peerAuthentications.some(at(where))) return mesh;
  return { ...mesh, peerAuthentications: mesh.peerAuthentications.filter((p) => !at(where)(p)) };
}
