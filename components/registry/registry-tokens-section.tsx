"use client";
import { useState } from "react";
import type { z } from "zod";
import type { CreatedRegistryTokenResponseSchema } from "@/lib/core/api/index.ts";
import { useCreateRegistryToken, useRegistryTokens, useRevokeRegistryToken } from "@/lib/client/hooks/use-registry.ts";
import { QueryState } from "@/components/ui/query-state.tsx";
import { RevokeButton } from "@/components/ui/revoke-button.tsx";
import { CredentialForm, TextField } from "@/components/ui/credential-form.tsx";
import { OneTimeSecret } from "@/components/ui/one-time-secret.tsx";
import { Time } from "@/components/ui/time.tsx";

type Created = z.infer<typeof CreatedRegistryTokenResponseSchema>;

/** Admins: registration tokens, each scoped to services; the secret is shown once. */
export function RegistryTokensSection({ consulHint }: { consulHint: string }) {
  const tokens = useRegistryTokens(true);
  const create = useCreateRegistryToken();
  const revoke = useRevokeRegistryToken();
  const [name, setName] = useState("");
  const [services, setServices] = useState("");
  const [created, setCreated] = useState<Created | null>(null);
  const list = services
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <section aria-labelledby="registry-tokens-title">
      <h2 id="registry-tokens-title">Registration tokens</h2>
      <p className="muted small">
        An instance registers with a token that names its service (Consul: <code>X-Consul-Token</code>). An admin&apos;s
        API token acts as the management token.
      </p>
      <CredentialForm
        testId="registry-token"
        title="New registration token"
        noun="token"
        create={create}
        request={() => ({ name: name.trim(), services: list })}
        onCreated={setCreated}
        clear={() => {
          setName("");
          setServices("");
        }}
        ready={name.trim() !== "" && list.length > 0}
      >
        <TextField
          id="registry-token-name"
          label="Name"
          value={name}
          onChange={setName}
          maxLength={100}
          required
          placeholder="e.g. reviews-deployer"
        />
        <TextField
          id="registry-token-services"
          label="Services"
          value={services}
          onChange={setServices}
          required
          placeholder="e.g. reviews, ratings"
        />
      </CredentialForm>
      {created ? (
        <OneTimeSecret
          testId="registry-token-secret"
          label="Registration token"
          secret={created.secret}
          onDismiss={() => setCreated(null)}
          title={
            <>
              Token <code>{created.token.name}</code> created for {created.token.services.join(", ")}
            </>
          }
          note="Register with it, e.g."
        >
          <pre className="small">{`curl -X PUT -H "X-Consul-Token: <secret>" ${consulHint}/v1/agent/service/register -d '{"Name":"${created.token.services[0]}","Port":9080,"Meta":{"version":"v1"}}'`}</pre>
        </OneTimeSecret>
      ) : null}
      <QueryState isLoading={tokens.isLoading} error={tokens.error} label="registration tokens">
        <table className="dense" data-testid="registry-tokens-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Services</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {(tokens.data?.tokens ?? []).map((t) => (
              <tr key={t.id} data-testid={`registry-token-row-${t.name}`}>
                <td>{t.name}</td>
                <td>{t.services.join(", ")}</td>
                <td>
                  <Time iso={t.createdAt} /> <span className="muted small">by {t.createdBy}</span>
                </td>
                <td>
                  <Time iso={t.lastUsedAt} />
                </td>
                <td>
                  <RevokeButton
                    revoked={t.revokedAt !== null}
                    ariaLabel={`Revoke ${t.name}`}
                    testIds={{ ask: `registry-token-revoke-${t.name}`, confirm: `registry-token-confirm-${t.name}` }}
                    pending={revoke.isPending}
                    error={revoke.error}
                    onConfirm={() => revoke.mutate(t.id)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}
