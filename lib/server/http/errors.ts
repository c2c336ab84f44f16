import "server-only";
import { API_ERRORS, type ApiIssue, type ServerErrorEntry, type ServerErrorWithStatus } from "@/lib/core/api/index.ts";

/** An error that maps to an HTTP status and a message meant for the person who sent the request. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ServerErrorEntry["code"];

  /** `error` is a catalogue entry (lib/core/api/error-codes.ts): it gives both the code and the status. */
  constructor(
    error: ServerErrorEntry,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = error.status;
    this.code = error.code;
  }
}

export const badRequest = (
  message: string,
  issues: ApiIssue[] = [],
  error: ServerErrorWithStatus<400> = API_ERRORS.BAD_REQUEST,
) => new HttpError(error, message, issues);
export const unauthorized = (message = "Sign in first") => new HttpError(API_ERRORS.UNAUTHENTICATED, message);
export const forbidden = (message: string) => new HttpError(API_ERRORS.FORBIDDEN, message);
export const crossSite = (message: string) => new HttpError(API_ERRORS.CROSS_SITE, message);
export const payloadTooLarge = (limit: number) =>
  new HttpError(API_ERRORS.PAYLOAD_TOO_LARGE, `The request body is larger than ${limit} bytes`, [], {
    connection: "close",
  });
export const notFound = (message: string) => new HttpError(API_ERRORS.NOT_FOUND, message);
export const conflict = (message: string, issues: ApiIssue[] = []) =>
  new HttpError(API_ERRORS.CONFLICT, message, issues);
