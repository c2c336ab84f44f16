import { colorFor, type KeySummary } from "./series.ts";

const fmt = (v: number | null, digits = 1) => (v === null ? "—" : v.toFixed(digits));

/** Current values per series (averaged over the last seconds): what the charts show, readable and testable. */
export function MetricsTable({ rows, keys }: { rows: KeySummary[]; keys: string[] }) {
  return (
    <table className="dense" data-testid="metrics-table">
      <caption className="sr-only">Current traffic per series</caption>
      <thead>
        <tr>
          <th scope="col">Series</th>
          <th scope="col">Requests/s</th>
          <th scope="col">p50 ms</th>
          <th scope="col">p99 ms</th>
          <th scope="col">Errors %</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={`metric-row-${r.key}`} data-rps={r.rps.toFixed(2)}>
            <th scope="row">
              <span className="swatch" style={{ background: colorFor(keys, r.key) }} aria-hidden="true" /> {r.key}
            </th>
            <td className="num" data-testid="metric-rps">
              {fmt(r.rps)}
            </td>
            <td className="num">{fmt(r.p50)}</td>
            <td className="num">{fmt(r.p99)}</td>
            <td className={`num${r.errorRate > 1 ? " text-bad" : ""}`}>{fmt(r.errorRate, 2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
