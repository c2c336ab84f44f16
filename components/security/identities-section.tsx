"use client";
import { useState } from "react";
import type { ProxyIdentityRecord } from "@/lib/core/api/index.ts";
import { useProxyIdentities, useRevokeProxyIdentity } from "@/lib/client/hooks/use-proxy-identities.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
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
          <DataTable
            testId="identities-table"
            columns={["Node", "SPIFFE ID", "Serial", "State", "Expires"]}
            rows={identities.data.identities}
            rowKey={(i) => i.id}
            rowTestId={(i) => `identity-row-${i.nodeId}`}
            actions={admin ? (i) => <RevokeIdentity identity={i} /> : undefined}
            cells={(i) => (
              <>
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
              </>
            )}
          />
        ) : null}
      </QueryState>
    </section>
  );
}
