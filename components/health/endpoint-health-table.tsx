"use client";
import type { EndpointHealthResponse } from "@/lib/core/api/index.ts";
import { useEndpointHealth } from "@/lib/client/hooks/use-endpoint-health.ts";
import { useProxies } from "@/lib/client/hooks/use-proxies.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";

type Row = EndpointHealthResponse["nodes"][number]["endpoints"][number] & { node: string };

/**
 * The summary, in words that agree with the Proxies table above it. Each proxy reports every endpoint it sends to,
 * so the rows are (proxy, endpoint) reports, not endpoints. The console keeps a report for 30 s and a proxy reports
 * only with traffic or when its endpoints' health changes, so an idle proxy (the demo's reviews/v3 sidecar) is
 * listed in the table but in no report here: the summary names it instead of counting fewer proxies unexplained.
 */
export function healthSummary(rows: readonly Row[], reporting: readonly string[], listed: readonly string[]): string {
  if (rows.length === 0) return "No proxy has reported endpoint health yet.";
  const healthy = rows.filter((r) => r.state === "healthy").length;
  const endpoints = new Set(rows.map((r) => `${r.cluster}|${r.address}:${r.port}`)).size;
  const silent = listed.filter((id) => !reporting.includes(id));
  const seenBy = silent.length
    ? `${reporting.length} of ${reporting.length + silent.length} proxies`
    : plural(reporting.length, "proxy", "proxies");
  const names = silent.length > 3 ? plural(silent.length, "proxy", "proxies") : silent.join(", ");
  const idle = silent.length ? `; no report from ${names} in the last 30 s (an idle proxy reports only changes)` : "";
  return `${healthy} of ${plural(rows.length, "endpoint report", "endpoint reports")} healthy: ${plural(endpoints, "endpoint", "endpoints")} seen by ${seenBy}${idle}.`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Endpoints the proxies do not send traffic to right now; healthy ones are only counted. */
export function EndpointHealthTable() {
  const q = useEndpointHealth();
  // The same query the Proxies table reads (shared cache): the count of listed proxies the summary compares with.
  const listed = useProxies().data?.proxies.map((p) => p.id) ?? [];
  const nodes = q.data?.nodes ?? [];
  const rows: Row[] = nodes.flatMap((n) => n.endpoints.map((e) => ({ ...e, node: n.node })));
  const unhealthy = rows.filter((r) => r.state !== "healthy");
  return (
    <section aria-labelledby="endpoint-health-title" data-testid="endpoint-health">
      <h2 id="endpoint-health-title">Endpoint health</h2>
      <QueryState isLoading={q.isLoading} error={q.error} label="endpoint health">
        <p className="muted" data-testid="endpoint-health-summary">
          {healthSummary(
            rows,
            nodes.map((n) => n.node),
            listed,
          )}
        </p>
        {unhealthy.length > 0 ? (
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">Proxy</th>
                <th scope="col">Cluster</th>
                <th scope="col">Endpoint</th>
                <th scope="col">State</th>
                <th scope="col">Consecutive errors</th>
                <th scope="col">Ejected until</th>
              </tr>
            </thead>
            <tbody>
              {unhealthy.map((r) => (
                <tr
                  key={`${r.node}|${r.cluster}|${r.address}:${r.port}`}
                  data-testid={`endpoint-${r.cluster}-${r.address}-${r.port}`}
                  data-state={r.state}
                >
                  <td>
                    <code>{r.node}</code>
                  </td>
                  <td>{r.cluster}</td>
                  <td>
                    <code>
                      {r.address}:{r.port}
                    </code>
                  </td>
                  <td>
                    <Badge value={r.state} />
                  </td>
                  <td className="num">{r.consecutiveErrors}</td>
                  <td>{r.ejectedUntil ? new Date(r.ejectedUntil).toLocaleTimeString() : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </QueryState>
    </section>
  );
}
