"use client";
import { useState } from "react";
import type { z } from "zod";
import type { CreatedRegistryTokenResponseSchema } from "@/lib/core/api/index.ts";
import { useCreateRegistryToken, useRegistryTokens, useRevokeRegistryToken } from "@/lib/client/hooks/use-registry.ts";
import { QueryState } from "@/components/ui/query-state.tsx";
import { RevokeButton } from "@/components/ui/revoke-button.tsx";
import { Time } from "@/components/ui/time.tsx";
import styles from "../interop/interop.module.css";

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
      <form
        className={`card ${styles.createForm}`}
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            { name: name.trim(), services: list },
            {
              onSuccess: (res) => {
                setCreated(res);
                setName("");
                setServices("");
              },
            },
          );
        }}
      >
        <div className="field-row">
          <div className="field grow">
            <label htmlFor="registry-token-name">Name</label>
            <input
              id="registry-token-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={100}
              required
              placeholder="e.g. reviews-deployer"
              data-testid="registry-token-name"
            />
          </div>
          <div className="field grow">
            <label htmlFor="registry-token-services">Services</label>
            <input
              id="registry-token-services"
              value={services}
              onChange={(e) => setServices(e.target.value)}
              required
              placeholder="e.g. reviews, ratings"
              data-testid="registry-token-services"
            />
          </div>
          <button
            type="submit"
            className="primary"
            disabled={create.isPending || !name.trim() || list.length === 0}
            data-testid="registry-token-create"
          >
            {create.isPending ? "Creating…" : "Create token"}
          </button>
        </div>
        {create.error ? (
          <p className="alert alert-error" role="alert" data-testid="registry-token-error">
            Could not create the token: {create.error.message}
          </p>
        ) : null}
      </form>
      {created ? (
        <section className={styles.secretBox} role="alert" data-testid="registry-token-secret-box">
          <h3>
            Token <code>{created.token.name}</code> created for {created.token.services.join(", ")}
          </h3>
          <p>
            <strong>Copy the secret now: it is shown only this once.</strong> Register with it, e.g.
          </p>
          <pre className="small">{`curl -X PUT -H "X-Consul-Token: <secret>" ${consulHint}/v1/agent/service/register -d '{"Name":"${created.token.services[0]}","Port":9080,"Meta":{"version":"v1"}}'`}</pre>
          <input className={styles.secretValue} readOnly value={created.secret} data-testid="registry-token-secret" />
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </section>
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
