"use client";
import { useCallback } from "react";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { useDeregisterInstance, useRegistry, useRegistrySummary } from "@/lib/client/hooks/use-registry.ts";
import { RegistryEvents } from "@/components/registry/registry-events.tsx";
import { RegistryInstances } from "@/components/registry/registry-instances.tsx";
import { RegistryTokensSection } from "@/components/registry/registry-tokens-section.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";

export function RegistryPageClient() {
  const q = useRegistry();
  const summary = useRegistrySummary();
  const me = useMe();
  const deregister = useDeregisterInstance();
  const admin = me.data?.user.role === "ADMIN";
  // Stable, so the memoized instance rows re-render only when their instance changed.
  const { mutate: deregisterById } = deregister;
  const onDeregister = useCallback((id: string) => deregisterById(id), [deregisterById]);
  const instances = q.data?.instances ?? [];
  const count = (h: string) => instances.filter((i) => i.health === h).length;
  return (
    <>
      <PageHeader title="Registry">
        <span>
          Index <strong data-testid="registry-index">{q.data?.index ?? "—"}</strong>
        </span>
        <span className="muted" data-testid="registry-counts">
          {instances.length} instances · {count("passing")} passing · {count("warning")} warning · {count("critical")}{" "}
          critical
        </span>
      </PageHeader>
      <p className="muted small">
        Instances register themselves (discovery state, not reviewed config); a version selects its instances by labels.
        Critical instances receive no traffic.
      </p>
      <h2>Versions</h2>
      {summary.data ? (
        <table className="dense" data-testid="registry-summary">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Selector</th>
              <th scope="col">Static endpoints</th>
              <th scope="col">Registered (passing / warning / critical)</th>
            </tr>
          </thead>
          <tbody>
            {summary.data.versions.map((v) => (
              <tr key={`${v.service}/${v.version}`} data-testid={`summary-${v.service}-${v.version}`}>
                <td>
                  {v.service}/{v.version}
                </td>
                <td className="small">
                  {Object.entries(v.selector)
                    .map(([k, x]) => `${k}=${x}`)
                    .join(", ")}
                </td>
                <td className="num">{v.staticEndpoints}</td>
                <td className="num">
                  {v.registered.passing} / {v.registered.warning} / {v.registered.critical}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>Instances</h2>
      <QueryState isLoading={q.isLoading} error={q.error} label="registry">
        <RegistryInstances instances={instances} onDeregister={admin ? onDeregister : undefined} />
      </QueryState>
      <RegistryEvents />
      {admin ? <RegistryTokensSection consulHint="http://127.0.0.1:8500" /> : null}
    </>
  );
}
