import "server-only";
import type { z } from "zod";
import {
  API_ERRORS,
  describeIssues,
  unstorableText,
  zodApiIssues,
  type ServerErrorWithStatus,
} from "@/lib/core/api/index.ts";
import { readLimitedBody } from "./body.ts";
import { badRequest } from "./errors.ts";

/** Parses what the request carries against an operation's schema; a mismatch is a 400 naming each field. */
function parseWith<S extends z.ZodType>(
  raw: unknown,
  schema: S,
  what: string,
  error: ServerErrorWithStatus<400>,
): z.infer<S> {
  const unstorable = unstorableText(raw);
  if (unstorable) throw badRequest(`Invalid ${what}: ${describeIssues([unstorable])}`, [unstorable], error);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = zodApiIssues(parsed.error);
  throw badRequest(`Invalid ${what}: ${describeIssues(issues)}`, issues, error);
}

/**
 * Parses a JSON request body of at most `limit` bytes (413 beyond, before the rest is read); a malformed body
 * or a schema mismatch is a 400 naming the field.
 */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, limit: number): Promise<z.infer<S>> {
  const bytes = await readLimitedBody(request, limit);
  let raw: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    raw = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw badRequest(
      "Request body is not valid JSON",
      [{ path: [], message: "not valid JSON" }],
      API_ERRORS.INVALID_JSON,
    );
  }
  return parseWith(raw, schema, "request body", API_ERRORS.INVALID_BODY);
}

export function parseQuery<S extends z.ZodType>(url: string | URL, schema: S): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) raw[k] = v;
  return parseWith(raw, schema, "query string", API_ERRORS.INVALID_QUERY);
}

/** Path parameters as Next.js hands them over (strings), parsed by the operation's `params` schema. */
export function parseParams<S extends z.ZodType>(raw: Record<string, string | string[]>, schema: S): z.infer<S> {
  return parseWith(raw, schema, "path parameter", API_ERRORS.INVALID_PARAM);
}
