import type { z } from "zod";
import { ApiErrorSchema, type ApiIssue, type Operation } from "../core/api/index.ts";
import { CliError, EXIT_ERROR, EXIT_INVALID } from "./errors.ts";

type Output<O extends Operation> = O["response"] extends z.ZodType ? z.output<O["response"]> : string;
type BodyOf<O extends Operation> = O["body"] extends z.ZodType ? z.input<O["body"]> : never;

export interface CallOptions<O extends Operation> {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: BodyOf<O>;
  /** Session cookie, for the two calls of `login` made before there is a token. */
  cookie?: string;
  /** Error statuses whose body is still the operation's response (import answers 422 with its report). */
  acceptStatus?: number[];
}

/** Operations whose response is text (YAML) carry `{ text: mediaType }` instead of a schema. */
const textType = (op: Operation): string | undefined =>
  "safeParse" in op.response ? undefined : (op.response as { text: string }).text;

/** Error codes that mean "your input is invalid" (exit 2) rather than "the call failed" (exit 1). */
const VALIDATION_CODES = new Set(["INVALID_CONFIG", "INVALID_YAML", "INVALID_IMPORT", "VALIDATION_FAILED"]);

export const formatPath = (path: readonly (string | number)[]): string =>
  path.length === 0 ? "(root)" : path.join(".");
export const issueLine = (i: ApiIssue): string =>
  `  ${i.severity === "warning" ? "warning" : "error"}${i.code ? ` ${i.code}` : ""}: ${formatPath(i.path)}: ${i.message}`;

/** Calls the console's REST API as described by the operation registry; responses are checked with its zod schemas. */
export class ApiClient {
  constructor(
    readonly server: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** The raw response of a successful call (2xx); login reads its set-cookie header. */
  async send<O extends Operation>(op: O, opts: CallOptions<O> = {}): Promise<Response> {
    if (op.body && opts.body !== undefined) {
      const checked = (op.body as z.ZodType).safeParse(opts.body);
      if (!checked.success)
        throw new CliError(
          `invalid request: ${checked.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
        );
    }
    const url = this.url(op, opts);
    const headers: Record<string, string> = { accept: textType(op) ?? "application/json" };
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    if (opts.cookie) headers.cookie = opts.cookie;
    else if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: op.method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        redirect: "manual",
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`cannot reach ${this.server}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    const accepted = opts.acceptStatus?.includes(res.status) ?? false;
    if ((res.status < 200 || res.status >= 300) && !accepted) throw await this.toError(op, res);
    return res;
  }

  /** The parsed body: zod-checked JSON, or text for operations that return YAML. */
  async call<O extends Operation>(op: O, opts: CallOptions<O> = {}): Promise<Output<O>> {
    const res = await this.send(op, opts);
    const text = await res.text();
    if (textType(op) !== undefined) return text as Output<O>;
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      throw new CliError(
        `${op.id}: the server answered with something that is not JSON (is ${this.server} a Signalbox console?)`,
      );
    }
    const parsed = (op.response as z.ZodType).safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
      throw new CliError(
        `${op.id}: unexpected response from ${this.server} (a different console version?)`,
        EXIT_ERROR,
        where.map((w) => `  ${w}`),
      );
    }
    return parsed.data as Output<O>;
  }

  private url<O extends Operation>(op: O, opts: CallOptions<O>): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = opts.params?.[name];
      if (value === undefined) throw new Error(`${op.id}: missing path parameter ${name}`);
      return encodeURIComponent(String(value));
    });
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== "") q.set(k, String(v));
    const qs = q.toString();
    return `${this.server}${path}${qs ? `?${qs}` : ""}`;
  }

  private async toError(op: Operation, res: Response): Promise<CliError> {
    const text = await res.text().catch(() => "");
    let body: ReturnType<typeof ApiErrorSchema.safeParse> | undefined;
    try {
      body = ApiErrorSchema.safeParse(JSON.parse(text));
    } catch {
      body = undefined;
    }
    if (!body?.success) {
      // An HTML page (Next's 404) says nothing useful in a terminal; a short text body might.
      const html = /^\s*</.test(text);
      const hint =
        res.status === 404
          ? " (not found: is the console older than this CLI?)"
          : !html && text
            ? `: ${text.slice(0, 200)}`
            : "";
      return new CliError(`${op.method} ${op.path}: HTTP ${res.status} from ${this.server}${hint}`);
    }
    const { code, message, issues } = body.data.error;
    if (res.status === 401) {
      const hint =
        op.id === "login"
          ? ""
          : this.token
            ? " (the token may have been revoked: run `signalbox login`)"
            : " (run `signalbox login` first)";
      return new CliError(`${message}${hint}`);
    }
    const invalid = VALIDATION_CODES.has(code) || res.status === 422;
    return new CliError(message, invalid ? EXIT_INVALID : EXIT_ERROR, issues.map(issueLine));
  }
}
