import type { ServerResponse } from "node:http";

/** gRPC status codes the proxy reads or writes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GRPC_CANCELLED = 1;
export const GRPC_DEADLINE_EXCEEDED = 4;
export const GRPC_RESOURCE_EXHAUSTED = 8;
export const GRPC_UNAVAILABLE = 14;
/** Codes 0..16; anything else a server sends is counted as UNKNOWN (2). */
export const GRPC_CODES = 17;

const UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 1e-3, n: 1e-6 };

/**
 * A grpc-timeout value (`TimeoutValue TimeoutUnit`: at most 8 digits, then H, M, S, m, u or n) in milliseconds,
 * or undefined when it does not parse (ignored, as a gRPC server would).
 */
export function grpcTimeoutMs(value: string): number | undefined {
  if (value.length < 2 || value.length > 9) return undefined;
  const unit = UNIT_MS[value[value.length - 1]!];
  const digits = value.slice(0, -1);
  if (unit === undefined || !/^\d+$/.test(digits)) return undefined;
  return Number(digits) * unit;
}

/** A grpc-status value as a counted code (absent: -1; out of range: UNKNOWN). */
export function grpcCode(value: string | undefined): number {
  if (value === undefined) return -1;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n < GRPC_CODES ? n : 2;
}

/** The grpc-status among raw response headers (names as sent), -1 when there is none. */
export function grpcStatusIn(raw: readonly string[]): number {
  for (let i = 0; i < raw.length; i += 2)
    if (raw[i]!.length === 11 && raw[i]!.toLowerCase() === "grpc-status") return grpcCode(raw[i + 1]);
  return -1;
}

/** The fields of a gRPC response's status: trailers on HTTP/2 (a trailers-only response carries them in its head). */
export const GRPC_STATUS_FIELDS: ReadonlySet<string> = new Set([
  "grpc-status",
  "grpc-message",
  "grpc-status-details-bin",
]);

/** Whether a response goes to an HTTP/2 client, the only kind that gets trailers from node. */
export const isHttp2Response = (res: ServerResponse): boolean => (res as { stream?: unknown }).stream !== undefined;

/**
 * The proxy's own answer to a gRPC call (timeout, no upstream): HTTP 200 with grpc-status and grpc-message, in
 * trailers to an HTTP/2 client and in the head otherwise, so a gRPC client reports the status instead of an
 * HTTP error (Envoy answers gRPC calls the same way).
 */
export function sendGrpcStatus(
  res: ServerResponse,
  code: number,
  message: string,
  headers: Record<string, string>,
): void {
  if (res.headersSent || res.destroyed) return void res.destroy();
  const status = { "grpc-status": String(code), "grpc-message": encodeURIComponent(message) };
  if (isHttp2Response(res)) {
    res.writeHead(200, { ...headers, "content-type": "application/grpc" });
    res.addTrailers(status);
  } else res.writeHead(200, { ...headers, "content-type": "application/grpc", ...status });
  res.end();
}
