"use client";
import type { ApiToken } from "@/lib/core/api/index.ts";
import { useRevokeApiToken } from "@/lib/client/hooks/use-revoke-api-token.ts";
import { RevokeButton } from "@/components/ui/revoke-button.tsx";
import { Time } from "@/components/ui/time.tsx";
import { CredentialStatus, OptionalTime } from "@/components/ui/credential-status.tsx";
import styles from "./interop.module.css";

function RevokeToken({ token }: { token: ApiToken }) {
  const revoke = useRevokeApiToken();
  return (
    <RevokeButton
      revoked={token.revokedAt !== null}
      ariaLabel={`Revoke ${token.name}`}
      testIds={{ ask: `token-revoke-${token.id}`, confirm: `token-revoke-confirm-${token.id}` }}
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate(token.id)}
    />
  );
}

export function TokenTable({ tokens }: { tokens: ApiToken[] }) {
  if (tokens.length === 0)
    return (
      <p className="muted" data-testid="tokens-empty">
        You have no API tokens yet. Create one above to call the API from scripts or CI.
      </p>
    );
  return (
    <table className="dense" data-testid="tokens-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Expires</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr
            key={t.id}
            className={t.revokedAt ? styles.revoked : undefined}
            data-testid={`token-row-${t.id}`}
            data-name={t.name}
            data-revoked={t.revokedAt ? "true" : "false"}
          >
            <td>{t.name}</td>
            <td>
              <span className="badge tone-neutral">{t.role}</span>
            </td>
            <td>
              <Time iso={t.createdAt} />
            </td>
            <td>
              <OptionalTime iso={t.lastUsedAt} />
            </td>
            <td>
              <OptionalTime iso={t.expiresAt} />
            </td>
            <td>
              <CredentialStatus revokedAt={t.revokedAt} testId="token-status" showWhen />
            </td>
            <td>
              <RevokeToken token={t} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
