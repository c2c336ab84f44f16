import type { RetryPolicy } from "../../lib/core/index.ts";
import type { AttemptResult } from "./attempt.ts";
import { GRPC_CANCELLED, GRPC_DEADLINE_EXCEEDED, GRPC_RESOURCE_EXHAUSTED, GRPC_UNAVAILABLE } from "./grpc.ts";

type RetryOn = RetryPolicy["retryOn"];

/** Envoy's retry_on semantics for the conditions the model offers. */
export function isRetriable(result: AttemptResult, retryOn: RetryOn | undefined): boolean {
  if (!retryOn || retryOn.length === 0) return false;
  if (result.kind === "failure") {
    switch (result.reason) {
      // Envoy counts a failed upstream TLS handshake as a connect failure.
      case "connect-failure":
      case "tls":
        return retryOn.includes("connect-failure") || retryOn.includes("5xx") || retryOn.includes("gateway-error");
      case "reset":
        return retryOn.includes("reset") || retryOn.includes("5xx");
      case "timeout":
        return retryOn.includes("5xx") || retryOn.includes("gateway-error");
    }
  }
  // gRPC conditions read the status of a trailers-only response (a streamed one cannot be retried any more).
  switch (result.res.grpcStatus) {
    case GRPC_CANCELLED:
      return retryOn.includes("cancelled");
    case GRPC_DEADLINE_EXCEEDED:
      return retryOn.includes("deadline-exceeded");
    case GRPC_RESOURCE_EXHAUSTED:
      return retryOn.includes("resource-exhausted");
    case GRPC_UNAVAILABLE:
      return retryOn.includes("unavailable");
    default:
      break;
  }
  const status = result.res.statusCode ?? 0;
  if (status >= 500 && retryOn.includes("5xx")) return true;
  if ((status === 502 || status === 503 || status === 504) && retryOn.includes("gateway-error")) return true;
  return status === 409 && retryOn.includes("retriable-4xx");
}
