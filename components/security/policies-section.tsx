"use client";
import Link from "next/link";
import { peerSelects, policySelectsService, selects } from "@/lib/core/authz/selection.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { useRunningMesh } from "@/lib/client/hooks/use-running-mesh.ts";
import { describePolicy, describeTarget } from "@/components/access/policy-text.ts";
import { QueryState } from "@/components/ui/query-state.tsx";

const ACTION_TONE: Record<string, string> = { ALLOW: "tone-good", DENY: "tone-bad", AUDIT: "tone-info" };

/** The services a policy selects, each linking to its Access view on the Services page (where it is edited). */
function SelectedServices({
  mesh,
  policy,
  select,
}: {
  mesh: MeshConfig;
  policy: Parameters<typeof describeTarget>[0];
  select: typeof selects;
}) {
  const services = mesh.services.filter((s) => policySelectsService(policy, s, select));
  if (services.length === 0) return <span className="muted">no service</span>;
  return (
    <>
      {services.map((s, i) => (
        <span key={s.name}>
          {i > 0 ? ", " : null}
          <Link href={`/services#service-${s.name}`}>{s.name}</Link>
        </span>
      ))}
    </>
  );
}

/**
 * The mesh's access policy at a glance, as it runs: every AuthorizationPolicy and PeerAuthentication with what it
 * selects. Read-only here; policies are edited in a service's Access view (Services page) or imported as YAML.
 */
export function PoliciesSection() {
  const running = useRunningMesh();
  const mesh = running.data?.mesh;
  return (
    <section aria-labelledby="policies-title" data-testid="policies-section">
      <h2 id="policies-title">Access policies</h2>
      <p className="muted small">
        The running version&apos;s policies. Edit them in a service&apos;s Access view on the{" "}
        <Link href="/services">Services</Link> page, or import <code>security.istio.io/v1</code> YAML.
      </p>
      <QueryState isLoading={running.isLoading} error={running.error} label="the running config">
        {mesh && mesh.authorizationPolicies.length === 0 && mesh.peerAuthentications.length === 0 ? (
          <p className="muted">No access policy: every caller may call every service.</p>
        ) : null}
        {mesh && mesh.authorizationPolicies.length > 0 ? (
          <table className="dense" data-testid="authz-policies-table">
            <thead>
              <tr>
                <th scope="col">Namespace</th>
                <th scope="col">AuthorizationPolicy</th>
                <th scope="col">Action</th>
                <th scope="col">Applies to</th>
                <th scope="col">Services</th>
                <th scope="col">Rules</th>
              </tr>
            </thead>
            <tbody>
              {mesh.authorizationPolicies.map((p) => (
                <tr key={`${p.namespace}/${p.name}`} data-testid={`authz-policy-${p.namespace}-${p.name}`}>
                  <td>{p.namespace}</td>
                  <td>{p.name}</td>
                  <td>
                    <span className={`badge ${ACTION_TONE[p.action] ?? "tone-neutral"}`}>{p.action}</span>
                  </td>
                  <td>{describeTarget(p)}</td>
                  <td>
                    <SelectedServices mesh={mesh} policy={p} select={selects} />
                  </td>
                  <td className="small">{describePolicy(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {mesh && mesh.peerAuthentications.length > 0 ? (
          <table className="dense" data-testid="peer-authentications-table">
            <thead>
              <tr>
                <th scope="col">Namespace</th>
                <th scope="col">PeerAuthentication</th>
                <th scope="col">mTLS mode</th>
                <th scope="col">Applies to</th>
                <th scope="col">Services</th>
                <th scope="col">Per port</th>
              </tr>
            </thead>
            <tbody>
              {mesh.peerAuthentications.map((p) => (
                <tr key={`${p.namespace}/${p.name}`} data-testid={`peer-authentication-${p.namespace}-${p.name}`}>
                  <td>{p.namespace}</td>
                  <td>{p.name}</td>
                  <td>{p.mtls?.mode ?? "UNSET"}</td>
                  <td>{describeTarget(p)}</td>
                  <td>
                    <SelectedServices mesh={mesh} policy={p} select={peerSelects} />
                  </td>
                  <td>
                    {Object.entries(p.portLevelMtls ?? {})
                      .map(([port, m]) => `${port}: ${m.mode}`)
                      .join(", ") || <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </QueryState>
    </section>
  );
}
