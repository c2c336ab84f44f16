"use client";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { useProxies } from "@/lib/client/hooks/use-proxies.ts";
import { ProxyCredentialsSection } from "@/components/proxies/proxy-credentials-section.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { Time } from "@/components/ui/time.tsx";
import { EndpointHealthTable } from "@/components/health/endpoint-health-table.tsx";
import { ProxyLabelsCell } from "@/components/proxies/proxy-labels-cell.tsx";
import { DefaultPlanSetting } from "@/components/rollouts/default-plan-setting.tsx";
import { can } from "@/lib/core/api/index.ts";

export function ProxiesPageClient() {
  const q = useProxies();
  const me = useMe();
  const latest = q.data?.latestVersion ?? null;
  const proxies = q.data?.proxies ?? [];
  const synced = proxies.filter((p) => p.state === "synced").length;
  return (
    <>
      <PageHeader title="Proxies">
        <span>
          Latest config version: <strong data-testid="latest-version">{latest ?? "—"}</strong>
        </span>
        <span className="muted">
          {synced}/{proxies.length} synced · refreshes 4 times a second
        </span>
      </PageHeader>
      <QueryState isLoading={q.isLoading} error={q.error} label="proxies">
        {proxies.length === 0 ? <p className="muted">No proxy has connected yet.</p> : null}
        {proxies.length > 0 ? (
          <table className="dense" data-testid="proxies-table">
            <thead>
              <tr>
                <th scope="col">Proxy</th>
                <th scope="col">Gateway</th>
                <th scope="col">Labels</th>
                <th scope="col">State</th>
                <th scope="col">Applied version</th>
                <th scope="col">Propagation</th>
                <th scope="col">Applied at</th>
                <th scope="col">Last seen</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {proxies.map((p) => (
                <tr
                  key={p.id}
                  data-testid={`proxy-row-${p.id}`}
                  data-state={p.state}
                  data-version={p.appliedVersion ?? ""}
                >
                  <td>
                    <code>{p.id}</code>
                  </td>
                  <td>{p.gateway ?? <span className="muted">—</span>}</td>
                  <td>
                    <ProxyLabelsCell proxy={p} editable={me.data !== undefined && can(me.data.user.role, "edit")} />
                  </td>
                  <td>
                    <Badge value={p.state} testId="proxy-state" />
                  </td>
                  <td data-testid="proxy-version" className={p.appliedVersion !== latest ? "text-warn num" : "num"}>
                    {p.appliedVersion ?? "—"}
                    {p.appliedHash ? (
                      <span className="muted small" title={p.appliedHash}>
                        {" "}
                        {p.appliedHash.slice(0, 8)}
                      </span>
                    ) : null}
                  </td>
                  <td className="num" data-testid="proxy-propagation">
                    {p.propagationMs === null ? "—" : `${Math.round(p.propagationMs)} ms`}
                  </td>
                  <td>
                    <Time iso={p.appliedAt} />
                  </td>
                  <td>
                    <Time iso={p.lastSeenAt} />
                  </td>
                  <td className={p.lastError ? "text-bad" : "muted"} data-testid="proxy-error">
                    {p.lastError ? `${p.lastErrorVersion ? `v${p.lastErrorVersion}: ` : ""}${p.lastError}` : "—"}
                    {p.lastErrorCount > 1 ? (
                      <span className="muted small" data-testid="proxy-error-count">
                        {" "}
                        ×{p.lastErrorCount}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </QueryState>
      <DefaultPlanSetting editable={me.data?.user.role === "ADMIN"} />
      <EndpointHealthTable />
      {me.data?.user.role === "ADMIN" ? <ProxyCredentialsSection /> : null}
    </>
  );
}
