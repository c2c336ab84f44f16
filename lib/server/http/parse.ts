import "server-only";
import type { z } from "zod";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import { badRequest } from "./errors.ts";

export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): ApiIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.filter((p): p is string | number => typeof p !== "symbol")],
    message: i.message,
    code: "SB001",
    severity: "error" as const,
  }));
}

function describe(issues: ApiIssue[]): string {
  const first = issues[0];
  if (!first) return "invalid input";
  const where = first.path.length ? first.path.join(".") : "(root)";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `${where}: ${first.message}${more}`;
}

/** Parses a JSON request body; a malformed body or a schema mismatch is a 400 naming the field. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    const text = await request.text();
    raw = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw badRequest("Request body is not valid JSON", [{ path: [], message: "not valid JSON" }], "INVALID_JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw badRequest(`Invalid request body: ${describe(issues)}`, issues, "INVALID_BODY");
  }
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(url: string | URL, schema: S): z.infer<S> {
  const params = new URL(url).searchParams;
  const raw: Record<string, string> = {};
  for (const [k, v] of params) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw badRequest(`Invalid query string: ${describe(issues)}`, issues, "INVALID_QUERY");
  }
  return parsed.data;
}
