import "server-only";
import type { ApiIssue } from "@/lib/core/api/index.ts";

/** An error that maps to an HTTP status and a message meant for the person who sent the request. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string, issues: ApiIssue[] = [], code = "BAD_REQUEST") =>
  new HttpError(400, code, message, issues);
export const unauthorized = (message = "Sign in first") => new HttpError(401, "UNAUTHENTICATED", message);
export const forbidden = (message: string) => new HttpError(403, "FORBIDDEN", message);
export const notFound = (message: string) => new HttpError(404, "NOT_FOUND", message);
export const conflict = (message: string, issues: ApiIssue[] = []) => new HttpError(409, "CONFLICT", message, issues);
