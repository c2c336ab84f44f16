import type { z } from "zod";
import { ApiErrorSchema, zodApiIssues, type ApiError, type ApiIssue } from "./errors.ts";
import type { Operation } from "./operations.ts";

/** Path parameters as a caller gives them: the `params` schema's output (ids are strings, versions numbers). */
type ParamsOf<O extends Operation> = O["params"] extends z.ZodType ? z.output<O["params"]> : undefined;
type QueryOf<O extends Operation> = O["query"] extends z.ZodType ? z.input<O["query"]> : undefined;
type BodyOf<O extends Operation> = O["body"] extends z.ZodType ? z.input<O["body"]> : undefined;
/** The parsed response: the schema's output, or the text of a YAML/JSON-document operation. */
export type ResultOf<O extends Operation> = O["response"] extends z.ZodType ? z.output<O["response"]> : string;

/** What one call sends: `params` when the path has any and `body` when the operation takes one are required. */
type CallInput<O extends Operation> = (O["params"] extends z.ZodType
  ? { params: ParamsOf<O> }
  : { params?: undefined }) &
  (O["body"] extends z.ZodType ? { body: BodyOf<O> } : { body?: undefined }) & { query?: QueryOf<O> };

export interface CallOptions {
  /** Extra request headers, e.g. the CLI's session cookie during `login`. */
  headers?: Record<string, string>;
  /** Error statuses whose body is still the operation's response (import answers 422 with its report). */
  acceptStatus?: number[];
}

type Input<O extends Operation> = CallInput<O> & CallOptions;
/** The input is optional when the operation has neither path parameters nor a body. */
export type CallArgs<O extends Operation, Extra = unknown> = O["params"] extends z.ZodType
  ? [input: Input<O> & Extra]
  : O["body"] extends z.ZodType
    ? [input: Input<O> & Extra]
    : [input?: Input<O> & Extra];

/** The request a transport sends; a structural subset of `fetch`'s init, so lib/core needs no DOM types. */
export interface WireRequest {
  method: Operation["method"];
  headers: Record<string, string>;
  body?: string;
}

/** The response a transport returns; `fetch`'s Response satisfies it. */
export interface WireResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Sends one request: the browser's fetch with the session cookie, the CLI's with a bearer token. */
export type Transport<R extends WireResponse = WireResponse> = (url: string, request: WireRequest) => Promise<R>;

/** Why a call failed; each caller turns it into its own error class (ApiClientError, CliError). */
export type CallFailure =
  /** The body does not match the operation's schema; nothing was sent. */
  | { kind: "invalid-request"; issues: ApiIssue[] }
  /** The transport threw: no response (or the call was aborted: `cause` is the abort error). */
  | { kind: "unreachable"; cause: unknown }
  /** An error status with an API error body. */
  | { kind: "api-error"; status: number; error: ApiError["error"] }
  /** An error status without one (an HTML 404 page, a reverse proxy's 502). */
  | { kind: "unexpected-status"; status: number; statusText: string; text: string }
  /** A success status whose body is not JSON. */
  | { kind: "not-json"; status: number }
  /** A success status whose JSON does not match the operation's response schema. */
  | { kind: "bad-response"; status: number; issues: ApiIssue[] };

export interface CallerConfig<R extends WireResponse = WireResponse> {
  /** Prefix of every URL: "" in the browser (same origin), the server URL in the CLI. */
  baseUrl: string;
  transport: Transport<R>;
  toError: (failure: CallFailure, op: Operation) => Error;
  /**
   * Check the body against the operation's schema before sending. The CLI does, to fail before a
   * round trip; the browser leaves it to the server, whose 400 names the fields the editors highlight.
   */
  checkRequest?: boolean;
}

/** The media type of an operation whose response is text (YAML), else undefined. */
const textMediaType = (op: Operation): string | undefined =>
  "safeParse" in op.response ? undefined : (op.response as { text: string }).text;

function queryString(query: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== "")
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

/** The operation's path with its `{param}`s filled in and encoded, and the query string (empty values left out). */
export function operationUrl<O extends Operation>(op: O, input: { params?: ParamsOf<O>; query?: QueryOf<O> }): string {
  const params = (input.params ?? {}) as Record<string, unknown>;
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null || value === "")
      throw new Error(`${op.id}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  return `${path}${queryString(input.query as Record<string, unknown> | undefined)}`;
}

async function failureOf(res: WireResponse): Promise<CallFailure> {
  const text = await res.text().catch(() => "");
  try {
    const body = ApiErrorSchema.safeParse(JSON.parse(text));
    if (body.success) return { kind: "api-error", status: res.status, error: body.data.error };
  } catch {
    // not JSON: an error page
  }
  return { kind: "unexpected-status", status: res.status, statusText: res.statusText, text };
}

/**
 * The one typed client of the operation registry, shared by the browser (lib/client) and the CLI
 * (lib/cli): it builds the URL from the entry's path and query, sends the body as JSON, and parses the
 * response with the entry's schema. What differs between them — credentials, the error class — comes
 * in through `CallerConfig`.
 */
export class ApiCaller<R extends WireResponse = WireResponse> {
  constructor(private readonly config: CallerConfig<R>) {}

  /** The raw response of a successful (or accepted) call; the CLI's `login` reads its set-cookie header. */
  async send<O extends Operation>(op: O, ...[input]: CallArgs<O>): Promise<R> {
    const { body, headers: extra, acceptStatus } = (input ?? {}) as Input<Operation>;
    if (this.config.checkRequest && op.body && body !== undefined) {
      const checked = op.body.safeParse(body);
      if (!checked.success)
        throw this.config.toError({ kind: "invalid-request", issues: zodApiIssues(checked.error) }, op);
    }
    const url = `${this.config.baseUrl}${operationUrl(op, input ?? {})}`;
    const headers: Record<string, string> = { accept: textMediaType(op) ?? "application/json", ...extra };
    // Every state change is JSON, body or not: the console's CSRF check refuses anything else from a browser.
    if (body !== undefined || op.method !== "GET") headers["content-type"] = "application/json";
    let res: R;
    try {
      res = await this.config.transport(url, {
        method: op.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw this.config.toError({ kind: "unreachable", cause }, op);
    }
    const ok = (res.status >= 200 && res.status < 300) || (acceptStatus?.includes(res.status) ?? false);
    if (!ok) throw this.config.toError(await failureOf(res), op);
    return res;
  }

  /** The status and the parsed body: zod-checked JSON, or the text of a YAML operation. */
  async exchange<O extends Operation>(op: O, ...args: CallArgs<O>): Promise<{ status: number; data: ResultOf<O> }> {
    const res = await this.send(op, ...args);
    const text = await res.text();
    if (textMediaType(op) !== undefined) return { status: res.status, data: text as ResultOf<O> };
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      throw this.config.toError({ kind: "not-json", status: res.status }, op);
    }
    const parsed = (op.response as z.ZodType).safeParse(json);
    if (!parsed.success)
      throw this.config.toError({ kind: "bad-response", status: res.status, issues: zodApiIssues(parsed.error) }, op);
    return { status: res.status, data: parsed.data as ResultOf<O> };
  }

  /** The parsed body of a successful call. */
  async call<O extends Operation>(op: O, ...args: CallArgs<O>): Promise<ResultOf<O>> {
    return (await this.exchange(op, ...args)).data;
  }
}
