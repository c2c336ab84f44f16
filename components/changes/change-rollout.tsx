"use client";
import { useChangeRollout } from "@/lib/client/hooks/use-change-rollout.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { Time } from "@/components/ui/time.tsx";

const ms = (v: number | undefined) => (v === undefined ? "—" : `${Math.round(v)} ms`);

/**
 * After approval: how the fleet takes the change's version, live (refreshed every second), and every NACK with its
 * error, so the operator learns here that proxies refused it.
 */
export function ChangeRollout({ changeId }: { changeId: string }) {
  const q = useChangeRollout(changeId);
  const r = q.data;
  return (
    <section aria-labelledby="rollout-title" data-testid="change-rollout">
      <h2 id="rollout-title">Rollout{r?.version ? ` of version ${r.version}` : ""}</h2>
      <QueryState isLoading={q.isLoading} error={q.error} label="the rollout">
        {r && r.version !== null ? (
          <>
            <p className="meta">
              <span data-testid="rollout-synced" data-value={r.counts.synced}>
                <strong>{r.counts.synced}</strong> synced
              </span>{" "}
              ·{" "}
              <span
                data-testid="rollout-rejected"
                data-value={r.counts.rejected}
                className={r.counts.rejected ? "text-bad" : undefined}
              >
                <strong>{r.counts.rejected}</strong> rejected
              </span>{" "}
              ·{" "}
              <span data-testid="rollout-pending" data-value={r.counts.pending}>
                <strong>{r.counts.pending}</strong> pending
              </span>{" "}
              · propagation p50 <span data-testid="rollout-p50">{ms(r.propagation?.p50)}</span>, p99{" "}
              <span data-testid="rollout-p99">{ms(r.propagation?.p99)}</span>, max{" "}
              <span data-testid="rollout-max">{ms(r.propagation?.max)}</span> · live
            </p>
            {r.nacks.length > 0 ? (
              <div className="alert alert-error" role="alert" data-testid="rollout-nacks">
                <strong>
                  {r.nacks.length === 1 ? "A proxy refused" : `${r.nacks.length} refusals of`} this version:
                </strong>
                <ul>
                  {r.nacks.map((n) => (
                    <li key={`${n.node}\n${n.error}`} data-testid={`rollout-nack-${n.node}`}>
                      <code>{n.node}</code>: {n.error}
                      {n.count > 1 ? <span className="small"> (×{n.count})</span> : null}{" "}
                      <span className="small muted">
                        last <Time iso={n.lastAt} />
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {r.proxies.length > 0 ? (
              <table className="dense" data-testid="rollout-proxies">
                <thead>
                  <tr>
                    <th scope="col">Proxy</th>
                    <th scope="col">Gateway</th>
                    <th scope="col">State</th>
                    <th scope="col">Runs version</th>
                    <th scope="col">Propagation</th>
                  </tr>
                </thead>
                <tbody>
                  {r.proxies.map((p) => (
                    <tr key={p.id} data-testid={`rollout-proxy-${p.id}`} data-state={p.state}>
                      <td>
                        <code>{p.id}</code>
                      </td>
                      <td>{p.gateway ?? <span className="muted">—</span>}</td>
                      <td>
                        <Badge value={p.state} />
                      </td>
                      <td className="num">{p.appliedVersion ?? "—"}</td>
                      <td className="num">{p.propagationMs === null ? "—" : ms(p.propagationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">No proxy is connected.</p>
            )}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
