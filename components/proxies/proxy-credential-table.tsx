"use client";
import type { ProxyCredential } from "@/lib/core/api/index.ts";
import { useRevokeProxyCredential } from "@/lib/client/hooks/use-proxy-credentials.ts";
import { RevokeButton } from "@/components/ui/revoke-button.tsx";
import { Time } from "@/components/ui/time.tsx";
import { CredentialStatus, OptionalTime } from "@/components/ui/credential-status.tsx";
import styles from "../interop/interop.module.css";

function RevokeCredential({ credential }: { credential: ProxyCredential }) {
  const revoke = useRevokeProxyCredential();
  return (
    <RevokeButton
      revoked={credential.revokedAt !== null}
      ariaLabel={`Revoke the credential of ${credential.nodeId}`}
      testIds={{ ask: `credential-revoke-${credential.id}`, confirm: `credential-revoke-confirm-${credential.id}` }}
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate(credential.id)}
    />
  );
}

export function ProxyCredentialTable({ credentials }: { credentials: ProxyCredential[] }) {
  if (credentials.length === 0)
    return (
      <p className="muted" data-testid="credentials-empty">
        No proxy credentials yet. Create one per proxy above.
      </p>
    );
  return (
    <table className="dense" data-testid="credentials-table">
      <thead>
        <tr>
          <th scope="col">Node</th>
          <th scope="col">Gateway</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {credentials.map((c) => (
          <tr
            key={c.id}
            className={c.revokedAt ? styles.revoked : undefined}
            data-testid={`credential-row-${c.id}`}
            data-node={c.nodeId}
            data-revoked={c.revokedAt ? "true" : "false"}
          >
            <td>
              <code>{c.nodeId}</code>
            </td>
            <td>{c.gateway ?? <span className="muted">—</span>}</td>
            <td>
              <Time iso={c.createdAt} /> <span className="muted small">by {c.createdBy}</span>
            </td>
            <td>
              <OptionalTime iso={c.lastUsedAt} />
            </td>
            <td>
              <CredentialStatus revokedAt={c.revokedAt} testId="credential-status" />
            </td>
            <td>
              <RevokeCredential credential={c} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
