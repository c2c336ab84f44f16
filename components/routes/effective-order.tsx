"use client";
import { effectiveOrder, routesByHost } from "@/lib/core/compile/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import { matchSummary } from "@/components/policy/match-kinds.ts";

/**
 * What a proxy will try, per binding and host: the rules of every route serving the host, merged and ordered by the
 * routes' semantics (Gateway API precedence, or Istio's order), each with the reason for its place.
 */
export function EffectiveOrder({ mesh }: { mesh: MeshConfig }) {
  const groups = [...routesByHost(mesh).values()].sort((a, b) =>
    `${a.gateway}/${a.host}` < `${b.gateway}/${b.host}` ? -1 : 1,
  );
  if (groups.length === 0) return null;
  return (
    <section className="card" aria-labelledby="effective-order-title" data-testid="effective-order">
      <header className="card-head">
        <h2 id="effective-order-title">Effective order</h2>
        <span className="muted">what a proxy tries per host, first match wins</span>
      </header>
      {groups.map(({ gateway, host, ports, routes }) => {
        const key = `${gateway || "mesh"}/${host}${ports ? `:${ports.join(",")}` : ""}`;
        return (
          <details key={key} open={routes.length > 1} data-testid={`order-${key}`}>
            <summary>
              {host}{" "}
              <span className="muted">
                on {gateway === "" ? "the mesh" : `gateway ${gateway}`}
                {ports ? ` (port${ports.length > 1 ? "s" : ""} ${ports.join(", ")} only)` : ""}
              </span>{" "}
              <span className="muted">· {routes.map((r) => `${r.name} (${r.semantics})`).join(", ")}</span>
            </summary>
            <table className="dense">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Route</th>
                  <th>Rule</th>
                  <th>Match</th>
                  <th>Why here</th>
                </tr>
              </thead>
              <tbody>
                {effectiveOrder(routes).map((e, i) => (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <td>{e.route.name}</td>
                    <td>{e.rule.name || `#${e.ruleIndex}`}</td>
                    <td>
                      {e.matches.length === 0 ? "any request" : e.matches.map((m) => matchSummary(m)).join(" or ")}
                    </td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        );
      })}
    </section>
  );
}
