"use client";
import type { EndpointHealthResponse } from "@/lib/core/api/index.ts";
import { useEndpointHealth } from "@/lib/client/hooks/use-endpoint-health.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";

type Row = EndpointHealthResponse["nodes"][number]["endpoints"][number] & { node: string };

/** Endpoints the proxies do not send traffic to right now; healthy ones are only counted. */
export function EndpointHealthTable() {
  const q = useEndpointHealth();
  const nodes = q.data?.nodes ?? [];
  const rows: Row[] = nodes.flatMap((n) => n.endpoints.map((e) => ({ ...e, node: n.node })));
  const unhealthy = rows.filter((r) => r.state !== "healthy");
  return (
    <section aria-labelledby="endpoint-health-title" data-testid="endpoint-health">
      <h2 id="endpoint-health-title">Endpoint health</h2>
      <QueryState isLoading={q.isLoading} error={q.error} label="endpoint health">
        <p className="muted" data-testid="endpoint-health-summary">
          {rows.length === 0
            ? "No proxy has reported endpoint health yet."
            : `${rows.length - unhealthy.length} of ${rows.length} endpoints healthy across ${nodes.length} proxies.`}
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
