"use client";
import Link from "next/link";
import { peerSelects, policySelectsService, selects } from "@/lib/core/authz/selection.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { useRunningMesh } from "@/lib/client/hooks/use-running-mesh.ts";
import { describePolicy, describeTarget } from "@/components/access/policy-text.ts";
import { QueryState } from "@/components/ui/query-state.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";

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
          <DataTable
            testId="authz-policies-table"
            columns={["Namespace", "AuthorizationPolicy", "Action", "Applies to", "Services", "Rules"]}
            rows={mesh.authorizationPolicies}
            rowKey={(p) => `${p.namespace}/${p.name}`}
            rowTestId={(p) => `authz-policy-${p.namespace}-${p.name}`}
            cells={(p) => (
              <>
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
              </>
            )}
          />
        ) : null}
        {mesh && mesh.peerAuthentications.length > 0 ? (
          <DataTable
            testId="peer-authentications-table"
            columns={["Namespace", "PeerAuthentication", "mTLS mode", "Applies to", "Services", "Per port"]}
            rows={mesh.peerAuthentications}
            rowKey={(p) => `${p.namespace}/${p.name}`}
            rowTestId={(p) => `peer-authentication-${p.namespace}-${p.name}`}
            cells={(p) => (
              <>
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
              </>
            )}
          />
        ) : null}
      </QueryState>
    </section>
  );
}
