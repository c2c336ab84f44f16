"use client";
import { useState } from "react";
import type { CreatedJoinTokenResponse, JoinToken } from "@/lib/core/api/index.ts";
import { useJoinTokens, useRevokeJoinToken } from "@/lib/client/hooks/use-join-tokens.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { RevokeButton } from "@/components/ui/revoke-button.tsx";
import { Time } from "@/components/ui/time.tsx";
import { OneTimeSecret } from "@/components/ui/one-time-secret.tsx";
import { JoinTokenForm } from "./join-token-form.tsx";

function JoinTokenSecret({ created, onDismiss }: { created: CreatedJoinTokenResponse; onDismiss: () => void }) {
  const { joinToken, token } = created;
  const gatewayFlag = joinToken.gateway ? ` --gateway ${joinToken.gateway}` : "";
  return (
    <OneTimeSecret
      testId="join-secret"
      label="Join token"
      secret={token}
      onDismiss={onDismiss}
      title={
        <>
          Join token for <code>{joinToken.nodeId}</code> created
        </>
      }
      note={
        <>
          It works once, until <Time iso={joinToken.expiresAt} />. Start the proxy with it:
        </>
      }
    >
      <pre className="small">
        SIGNALBOX_JOIN_TOKEN=&lt;token&gt; signalbox-proxy --console URL --id {joinToken.nodeId}
        {gatewayFlag} --state-dir DIR
      </pre>
    </OneTimeSecret>
  );
}

function RevokeJoinToken({ token }: { token: JoinToken }) {
  const revoke = useRevokeJoinToken();
  return (
    <RevokeButton
      revoked={token.state !== "pending"}
      ariaLabel={`Revoke the join token of ${token.nodeId}`}
      testIds={{ ask: `join-revoke-${token.id}`, confirm: `join-revoke-confirm-${token.id}` }}
      pending={revoke.isPending}
      error={revoke.error}
      onConfirm={() => revoke.mutate(token.id)}
    />
  );
}

/** One-time tokens a proxy joins with; admins create (shown once) and revoke unused ones. */
export function JoinTokensSection({ admin }: { admin: boolean }) {
  const tokens = useJoinTokens();
  const [created, setCreated] = useState<CreatedJoinTokenResponse | null>(null);
  return (
    <section aria-labelledby="join-title" data-testid="join-section">
      <h2 id="join-title">Join tokens</h2>
      {admin && created ? <JoinTokenSecret created={created} onDismiss={() => setCreated(null)} /> : null}
      {admin ? <JoinTokenForm onCreated={setCreated} /> : null}
      <QueryState isLoading={tokens.isLoading} error={tokens.error} label="join tokens">
        {tokens.data && tokens.data.tokens.length === 0 ? <p className="muted">No join tokens yet.</p> : null}
        {tokens.data && tokens.data.tokens.length > 0 ? (
          <table className="dense" data-testid="join-table">
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Bound to</th>
                <th scope="col">State</th>
                <th scope="col">Expires</th>
                <th scope="col">Created</th>
                {admin ? (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {tokens.data.tokens.map((t) => (
                <tr key={t.id} data-testid={`join-row-${t.nodeId}`}>
                  <td>
                    <code>{t.nodeId}</code>
                  </td>
                  <td>
                    {t.gateway ? (
                      `gateway ${t.gateway}`
                    ) : t.service ? (
                      `service ${t.service}`
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <Badge value={t.state} testId="join-state" />
                  </td>
                  <td>
                    <Time iso={t.expiresAt} />
                  </td>
                  <td>
                    <Time iso={t.createdAt} /> <span className="muted small">by {t.createdBy}</span>
                  </td>
                  {admin ? (
                    <td>
                      <RevokeJoinToken token={t} />
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
