"use client";
import { gatewayWorkload, selects } from "@/lib/core/authz/selection.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { describePolicy, describeTarget, effectiveSummary } from "./policy-text.ts";

/** A gateway's access policies (checked by its proxy as requests arrive, before routing): a list. */
export function GatewayPolicies({ mesh, gateway }: { mesh: MeshConfig; gateway: string }) {
  const workload = gatewayWorkload(mesh.gateways.find((g) => g.name === gateway) ?? { name: gateway });
  const policies = mesh.authorizationPolicies.filter((p) => p.action !== "CUSTOM" && selects(p, workload));
  return (
    <div data-testid={`gateway-access-${gateway}`}>
      <h4>Access policies</h4>
      {policies.length === 0 ? (
        <p className="muted">None: every request is routed.</p>
      ) : (
        <>
          <p className="muted">{effectiveSummary(policies)}</p>
          <ul className="compact">
            {policies.map((p) => (
              <li key={`${p.namespace}/${p.name}`}>
                {p.action} {p.namespace}/{p.name} on {describeTarget(p)}: {describePolicy(p)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
