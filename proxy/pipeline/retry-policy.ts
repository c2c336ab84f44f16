import type { RetryPolicy } from "../../lib/core/index.ts";
import type { AttemptResult } from "./attempt.ts";

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
  const status = result.res.statusCode ?? 0;
  if (status >= 500 && retryOn.includes("5xx")) return true;
  if ((status === 502 || status === 503 || status === 504) && retryOn.includes("gateway-error")) return true;
  return status === 409 && retryOn.includes("retriable-4xx");
}
