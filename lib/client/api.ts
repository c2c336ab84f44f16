import { z } from "zod";
import { ApiErrorSchema, type ApiIssue } from "@/lib/core/api/index.ts";

/** Thrown for every failed API call: HTTP errors, network failures and responses that do not match their schema. */
export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];

  constructor(status: number, code: string, message: string, issues: ApiIssue[] = []) {
    super(message);
    this.name = "ApiClientError";
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export function isApiClientError(e: unknown): e is ApiClientError {
  return e instanceof ApiClientError;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
}

function toQuery(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function apiUrl(path: string, params: Record<string, string | number | undefined | null> = {}): string {
  return `${path}${toQuery(params)}`;
}

async function send(path: string, opts: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiClientError(0, "NETWORK", `Network error: ${(e as Error).message}`);
  }
  if (!res.ok) throw await toError(res);
  return res;
}

async function toError(res: Response): Promise<ApiClientError> {
  const text = await res.text().catch(() => "");
  try {
    const parsed = ApiErrorSchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { code, message, issues } = parsed.data.error;
      return new ApiClientError(res.status, code, message, issues);
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiClientError(
    res.status,
    `HTTP_${res.status}`,
    text.slice(0, 300) || res.statusText || `HTTP ${res.status}`,
  );
}

function zodIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== "symbol"),
    message: i.message,
    code: "RESPONSE_SHAPE",
  }));
}

/** JSON request whose response body is parsed by `schema`. */
export async function requestJson<S extends z.ZodType>(
  path: string,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  const res = await send(path, opts, "application/json");
  const body: unknown = res.status === 204 ? {} : await res.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiClientError(res.status, "BAD_RESPONSE", `Unexpected response from ${path}`, zodIssues(parsed.error));
  }
  return parsed.data;
}

/** Request whose response is text (YAML export). */
export async function requestText(path: string, opts: RequestOptions = {}): Promise<string> {
  const res = await send(path, opts, "text/yaml, text/plain, */*");
  return res.text();
}
