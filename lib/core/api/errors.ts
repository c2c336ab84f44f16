import { z } from "zod";
import { ISSUE_CODES } from "../validate/issue-codes.ts";
import { SERVER_ERROR_CODES } from "./error-codes.ts";

/** Every API error body. `issues` name the field paths at fault. */
export const ApiIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string().optional(),
  severity: z.enum(["error", "warning"]).optional(),
});
export type ApiIssue = z.infer<typeof ApiIssueSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({
    /** A server code of the catalogue in error-codes.ts. */
    code: z.enum(SERVER_ERROR_CODES),
    message: z.string(),
    issues: z.array(ApiIssueSchema).default([]),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** A zod failure as API issues: SB001 ("does not match the schema") at each field path, under `prefix`. */
export function zodApiIssues(error: z.ZodError, prefix: (string | number)[] = []): ApiIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.filter((p): p is string | number => typeof p !== "symbol")],
    message: i.message,
    code: ISSUE_CODES.SCHEMA_INVALID.code,
    severity: ISSUE_CODES.SCHEMA_INVALID.severity,
  }));
}

/** "path: message" of the first issue, "(and N more)" for the rest: the one-line form of a 400's message. */
export function describeIssues(issues: readonly ApiIssue[]): string {
  const first = issues[0];
  if (!first) return "invalid input";
  const where = first.path.length ? first.path.join(".") : "(root)";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `${where}: ${first.message}${more}`;
}
