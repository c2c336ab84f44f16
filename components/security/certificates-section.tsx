"use client";
import { useState } from "react";
import type { TlsSecret } from "@/lib/core/api/index.ts";
import { useDeleteTlsSecret, useTlsSecrets } from "@/lib/client/hooks/use-tls-secrets.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { IssueCertificateForm, UploadCertificateForm } from "./certificate-forms.tsx";
import { Expiry } from "./expiry.tsx";

function DeleteSecret({ secret }: { secret: TlsSecret }) {
  const remove = useDeleteTlsSecret();
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button
        type="button"
        className="danger small"
        onClick={() => setConfirming(true)}
        aria-label={`Delete ${secret.name}`}
        data-testid={`cert-delete-${secret.name}`}
      >
        Delete
      </button>
    );
  return (
    <span className="button-group">
      <button
        type="button"
        className="danger small"
        disabled={remove.isPending}
        onClick={() => remove.mutate(secret.id)}
        data-testid={`cert-delete-confirm-${secret.name}`}
      >
        {remove.isPending ? "Deleting…" : "Confirm delete"}
      </button>
      <button type="button" className="small" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {remove.error ? <span className="text-bad small">{remove.error.message}</span> : null}
    </span>
  );
}

/** TLS secrets that listeners and upstreams name: names, SANs and expiry, never keys. */
export function CertificatesSection({ admin }: { admin: boolean }) {
  const secrets = useTlsSecrets();
  const [now] = useState(() => Date.now());
  return (
    <section aria-labelledby="certs-title" data-testid="certs-section">
      <h2 id="certs-title">Certificates</h2>
      <p className="meta">
        Gateway listeners name these in <code>tls.credentialNames</code>, DestinationRules in{" "}
        <code>tls.credentialName</code>. Proxies fetch only the ones their own gateway and routes name.
      </p>
      <QueryState isLoading={secrets.isLoading} error={secrets.error} label="certificates">
        {secrets.data && secrets.data.secrets.length === 0 ? (
          <p className="muted" data-testid="certs-empty">
            No certificates yet.
          </p>
        ) : null}
        {secrets.data && secrets.data.secrets.length > 0 ? (
          <DataTable
            testId="certs-table"
            columns={["Name", "Names (SANs)", "Source", "Expires"]}
            rows={secrets.data.secrets}
            rowKey={(s) => s.id}
            rowTestId={(s) => `cert-row-${s.name}`}
            actions={admin ? (s) => <DeleteSecret secret={s} /> : undefined}
            cells={(s) => (
              <>
                <td>
                  <code>{s.name}</code>
                  {s.hasCaBundle ? <span className="muted small"> + CA bundle</span> : null}
                </td>
                <td className="small">{s.sans.join(", ") || <span className="muted">—</span>}</td>
                <td>
                  <Badge value={s.source} />
                </td>
                <td>
                  <Expiry iso={s.notAfter} now={now} />
                </td>
              </>
            )}
          />
        ) : null}
      </QueryState>
      {admin ? (
        <>
          <IssueCertificateForm />
          <UploadCertificateForm />
        </>
      ) : null}
    </section>
  );
}
