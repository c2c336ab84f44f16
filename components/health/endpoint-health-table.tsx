"use client";
import { useEndpointHealth } from "@/lib/client/hooks/use-endpoint-health.ts";
import { useProxies } from "@/lib/client/hooks/use-proxies.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { healthSummary, type HealthRow } from "./health-summary.ts";

/** Endpoints the proxies do not send traffic to right now; healthy ones are only counted. */
export function EndpointHealthTable() {
  const q = useEndpointHealth();
  // The same query the Proxies table reads (shared cache): the count of listed proxies the summary compares with.
  const listed = useProxies().data?.proxies.map((p) => p.id) ?? [];
  const nodes = q.data?.nodes ?? [];
  const rows: HealthRow[] = nodes.flatMap((n) => n.endpoints.map((e) => ({ ...e, node: n.node })));
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
