import type { MetricsResponse } from "@/lib/core/api/index.ts";

/** "Denied by policy": what access policies refused (and AUDIT policies marked) in the window, from proxy reports. */
export function AuthzTable({ rows }: { rows: MetricsResponse["authz"] }) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="authz-title" data-testid="authz-table">
      <h2 id="authz-title">Denied by access policy</h2>
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">Policy</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Requests</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.policy}|${r.action}|${r.outcome}`}>
              <td>{r.policy === "-" ? "no ALLOW policy matched" : r.policy}</td>
              <td>{r.action}</td>
              <td>{r.outcome}</td>
              <td>{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
