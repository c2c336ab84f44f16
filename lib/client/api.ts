import {
  API_ERRORS,
  ApiCaller,
  type ApiErrorCode,
  type ApiIssue,
  type CallArgs,
  type CallFailure,
  type Operation,
  type ResultOf,
} from "@/lib/core/api/index.ts";

/** Thrown for every failed API call: HTTP errors, network failures and responses that do not match their schema. */
export class ApiClientError extends Error {
  constructor(
    /** The HTTP status; 0 when there was no response. */
    readonly status: number,
    /** A code of the catalogue in lib/core/api/error-codes.ts: the server's, or a client-side one. */
    readonly code: ApiErrorCode,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

export function isApiClientError(e: unknown): e is ApiClientError {
  return e instanceof ApiClientError;
}

function toClientError(failure: CallFailure, op: Operation): Error {
  switch (failure.kind) {
    case "unreachable": {
      const cause = failure.cause;
      // React Query aborts superseded requests: that is not an error to show.
      if (cause instanceof DOMException && cause.name === "AbortError") return cause;
      const message = cause instanceof Error ? cause.message : String(cause);
      return new ApiClientError(API_ERRORS.NETWORK.status, API_ERRORS.NETWORK.code, `Network error: ${message}`);
    }
    case "api-error":
      return new ApiClientError(failure.status, failure.error.code, failure.error.message, failure.error.issues);
    case "unexpected-status":
      return new ApiClientError(
        failure.status,
        API_ERRORS.UNEXPECTED_STATUS.code,
        failure.text.slice(0, 300) || failure.statusText || `HTTP ${failure.status}`,
      );
    case "not-json":
    case "bad-response":
      return new ApiClientError(
        failure.status,
        API_ERRORS.BAD_RESPONSE.code,
        `Unexpected response from ${op.path}`,
        failure.kind === "bad-response" ? failure.issues : [],
      );
    case "invalid-request":
      // The browser caller does not check requests (checkRequest is off); kept for exhaustiveness.
      return new ApiClientError(0, API_ERRORS.INVALID_BODY.code, `Invalid request to ${op.path}`, failure.issues);
  }
}

/** The console's caller: same-origin fetch with the session cookie; the server checks request bodies. */
const browserCaller = new ApiCaller({
  baseUrl: "",
  transport: (url, request) => fetch(url, { ...request, credentials: "same-origin", cache: "no-store" }),
  toError: toClientError,
});

/** Calls an operation of lib/core/api/operations.ts by its entry, e.g. `call(operations.getChange, { params: { id } })`. */
export function call<O extends Operation>(op: O, ...args: CallArgs<O>): Promise<ResultOf<O>> {
  return browserCaller.call(op, ...args);
}

/** Like `call`, with the status: for operations that answer several (import: 200, 201 or 422 with its report). */
export function exchange<O extends Operation>(
  op: O,
  ...args: CallArgs<O>
): Promise<{ status: number; data: ResultOf<O> }> {
  return browserCaller.exchange(op, ...args);
}
