import type { MetricsResponse } from "@/lib/core/api/index.ts";

/** gRPC's status names (https://grpc.github.io/grpc/core/md_doc_statuscodes.html), by code. */
const GRPC_STATUS = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

/**
 * gRPC calls in the window by series and grpc-status: a failed gRPC call is an HTTP 200, so the error rate above
 * cannot show it. Absent when no gRPC call was made.
 */
export function GrpcStatusTable({ rows }: { rows: MetricsResponse["grpc"] }) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="grpc-status-title" data-testid="grpc-status-table">
      <h2 id="grpc-status-title">gRPC calls by status</h2>
      <table className="dense">
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">grpc-status</th>
            <th scope="col">Calls</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.key}|${r.code}`} data-testid={`grpc-row-${r.key}-${r.code}`}>
              <th scope="row">{r.key}</th>
              <td className={r.code === 0 ? undefined : "text-bad"}>
                {r.code} {GRPC_STATUS[r.code]}
              </td>
              <td className="num">{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
