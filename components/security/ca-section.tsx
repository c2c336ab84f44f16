"use client";
import { useState } from "react";
import type { CaRoot } from "@/lib/core/api/index.ts";
import { useCa, useRetireCaRoot, useRotateCaRoot } from "@/lib/client/hooks/use-ca.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { Time } from "@/components/ui/time.tsx";

function RetireRoot({ root }: { root: CaRoot }) {
  const retire = useRetireCaRoot();
  if (root.state !== "trusted") return <span className="muted">—</span>;
  return (
    <span className="button-group">
      <button
        type="button"
        className="danger small"
        disabled={retire.isPending}
        onClick={() => retire.mutate(root.id)}
        data-testid={`ca-retire-${root.id}`}
      >
        {retire.isPending ? "Retiring…" : "Retire"}
      </button>
      {retire.error ? <span className="text-bad small">{retire.error.message}</span> : null}
    </span>
  );
}

function RotateButton() {
  const rotate = useRotateCaRoot();
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button type="button" onClick={() => setConfirming(true)} data-testid="ca-rotate">
        Rotate root…
      </button>
    );
  return (
    <span className="button-group">
      <button
        type="button"
        className="primary"
        disabled={rotate.isPending}
        onClick={() => rotate.mutate(undefined, { onSuccess: () => setConfirming(false) })}
        data-testid="ca-rotate-confirm"
      >
        {rotate.isPending ? "Rotating…" : "Generate a new active root"}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {rotate.error ? <span className="text-bad small">{rotate.error.message}</span> : null}
    </span>
  );
}

/** The roots clients trust (active and still trusted), as one PEM file to download: no key, nothing secret. */
function TrustBundleLink({ roots }: { roots: CaRoot[] }) {
  const bundle = roots
    .filter((r) => r.state === "active" || r.state === "trusted")
    .map((r) => r.certPem.trim())
    .join("\n");
  if (!bundle) return null;
  return (
    <a
      className="button"
      download="signalbox-trust-bundle.pem"
      href={`data:application/x-pem-file;charset=utf-8,${encodeURIComponent(`${bundle}\n`)}`}
      data-testid="ca-trust-bundle"
    >
      Download trust bundle (PEM)
    </a>
  );
}

/** The root of trust: its roots (active, still trusted, retired) with fingerprints; admins rotate and retire. */
export function CaSection({ admin }: { admin: boolean }) {
  const ca = useCa();
  return (
    <section aria-labelledby="ca-title" data-testid="ca-section">
      <h2 id="ca-title">Certificate authority</h2>
      <QueryState isLoading={ca.isLoading} error={ca.error} label="the CA">
        {ca.data ? (
          <>
            <p className="meta">
              Trust domain <code data-testid="ca-trust-domain">{ca.data.trustDomain}</code> · workload and proxy
              certificates live {ca.data.workloadCertTtlHours} h and renew at about half of that. Rotating makes a new
              root active; the previous one stays in the trust bundle (<code>ROOTCA</code>) until you retire it.
            </p>
            <span className="button-group">
              <TrustBundleLink roots={ca.data.roots} />
              {admin ? <RotateButton /> : null}
            </span>
            <DataTable
              testId="ca-roots"
              columns={["Root", "State", "SHA-256 fingerprint", "Source", "Expires"]}
              rows={ca.data.roots}
              rowKey={(r) => r.id}
              rowTestId={(r) => `ca-root-${r.state}`}
              actions={admin ? (r) => <RetireRoot root={r} /> : undefined}
              cells={(r) => (
                <>
                  <td className="small">{r.subject}</td>
                  <td>
                    <Badge value={r.state} />
                  </td>
                  <td>
                    <code className="small" title={r.fingerprint}>
                      {r.fingerprint.slice(0, 16)}…
                    </code>
                  </td>
                  <td>{r.source}</td>
                  <td>
                    <Time iso={r.notAfter} />
                  </td>
                </>
              )}
            />
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
