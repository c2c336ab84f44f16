"use client";
import { useState } from "react";
import type { CreatedJoinTokenResponse, JoinToken } from "@/lib/core/api/index.ts";
import { useJoinTokens, useRevokeJoinToken } from "@/lib/client/hooks/use-join-tokens.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
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
          <DataTable
            testId="join-table"
            columns={["Node", "Bound to", "State", "Expires", "Created"]}
            rows={tokens.data.tokens}
            rowKey={(t) => t.id}
            rowTestId={(t) => `join-row-${t.nodeId}`}
            actions={admin ? (t) => <RevokeJoinToken token={t} /> : undefined}
            cells={(t) => (
              <>
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
              </>
            )}
          />
        ) : null}
      </QueryState>
    </section>
  );
}
