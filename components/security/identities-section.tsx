"use client";
import { useState } from "react";
import type { ProxyIdentityRecord } from "@/lib/core/api/index.ts";
import { useProxyIdentities, useRevokeProxyIdentity } from "@/lib/client/hooks/use-proxy-identities.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { RevokeButton } from "@/components/ui/revoke-button.tsx";
import { Expiry } from "./expiry.tsx";

function RevokeIdentity({ identity }: { identity: ProxyIdentityRecord }) {
  const revoke = useRevokeProxyIdentity();
  return (
    <RevokeButton
      revoked={identity.state !== "valid"}
      ariaLabel={`Revoke ${identity.nodeId}`}
      testIds={{ ask: `identity-revoke-${identity.id}`, confirm: `identity-revoke-confirm-${identity.id}` }}
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate(identity.id)}
    />
  );
}

/** Certificates issued to proxies (join and renewals); revoking cuts the node off from its next call. */
export function IdentitiesSection({ admin }: { admin: boolean }) {
  const identities = useProxyIdentities();
  const [now] = useState(() => Date.now());
  return (
    <section aria-labelledby="identities-title" data-testid="identities-section">
      <h2 id="identities-title">Proxy identities</h2>
      <QueryState isLoading={identities.isLoading} error={identities.error} label="proxy identities">
        {identities.data && identities.data.identities.length === 0 ? (
          <p className="muted">No proxy has joined yet.</p>
        ) : null}
        {identities.data && identities.data.identities.length > 0 ? (
          <table className="dense" data-testid="identities-table">
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">SPIFFE ID</th>
                <th scope="col">Serial</th>
                <th scope="col">State</th>
                <th scope="col">Expires</th>
                {admin ? (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {identities.data.identities.map((i) => (
                <tr key={i.id} data-testid={`identity-row-${i.nodeId}`}>
                  <td>
                    <code>{i.nodeId}</code>
                    {i.gateway ? <span className="muted small"> gateway {i.gateway}</span> : null}
                  </td>
                  <td>
                    <code className="small">{i.spiffeId}</code>
                  </td>
                  <td>
                    <code className="small" title={i.serial}>
                      {i.serial.slice(0, 12)}…
                    </code>
                  </td>
                  <td>
                    <Badge value={i.state} testId="identity-state" />
                  </td>
                  <td>
                    <Expiry
                      iso={i.notAfter}
                      now={now}
                      warnWithinMs={(Date.parse(i.notAfter) - Date.parse(i.createdAt)) / 4}
                    />
                  </td>
                  {admin ? (
                    <td>
                      <RevokeIdentity identity={i} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </QueryState>
    </section>
  );
}
