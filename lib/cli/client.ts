import {
  ApiCaller,
  isValidationError,
  type ApiIssue,
  type CallArgs,
  type CallFailure,
  type CallOptions,
  type Operation,
  type ResultOf,
} from "../core/api/index.ts";
import { CliError, EXIT_ERROR, EXIT_INVALID } from "./errors.ts";

/** What a CLI call adds to the shared caller's input. */
interface CliCallOptions {
  /** Session cookie, for the two calls of `login` made before there is a token. */
  cookie?: string;
  acceptStatus?: CallOptions["acceptStatus"];
}
type Args<O extends Operation> = CallArgs<O, CliCallOptions>;

export const formatPath = (path: readonly (string | number)[]): string =>
  path.length === 0 ? "(root)" : path.join(".");
export const issueLine = (i: ApiIssue): string =>
  `  ${i.severity === "warning" ? "warning" : "error"}${i.code ? ` ${i.code}` : ""}: ${formatPath(i.path)}: ${i.message}`;
const briefIssue = (i: ApiIssue): string => `${formatPath(i.path)}: ${i.message}`;

/**
 * Calls the console's REST API through the shared caller (lib/core/api/caller.ts): the operation registry
 * gives the URL and the schemas. The CLI's part is the bearer token and turning failures into CliErrors
 * with exit codes.
 */
export class ApiClient {
  private readonly caller: ApiCaller<Response>;

  constructor(
    readonly server: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.caller = new ApiCaller({
      baseUrl: server,
      checkRequest: true,
      transport: (url, request) => {
        const headers = { ...request.headers };
        // A cookie call (login) acts as that session, not as the stored token.
        if (!headers.cookie && this.token) headers.authorization = `Bearer ${this.token}`;
        return this.fetchImpl(url, { ...request, headers, redirect: "manual" });
      },
      toError: (failure, op) => this.toError(failure, op),
    });
  }

  /** The raw response of a successful call (2xx); login reads its set-cookie header. */
  send<O extends Operation>(op: O, ...args: Args<O>): Promise<Response> {
    return this.caller.send(op, ...this.forCaller(args));
  }

  /** The parsed body: zod-checked JSON, or text for operations that return YAML. */
  call<O extends Operation>(op: O, ...args: Args<O>): Promise<ResultOf<O>> {
    return this.caller.call(op, ...this.forCaller(args));
  }

  private forCaller<O extends Operation>([input]: Args<O>): CallArgs<O> {
    if (!input) return [] as unknown as CallArgs<O>;
    const { cookie, ...rest } = input as CliCallOptions & Record<string, unknown>;
    // A cookie call is checked like a browser's: it must name the console's own origin (CSRF check).
    const headers = cookie ? { cookie, origin: new URL(this.server).origin } : undefined;
    return [{ ...rest, headers }] as unknown as CallArgs<O>;
  }

  private toError(failure: CallFailure, op: Operation): CliError {
    switch (failure.kind) {
      case "invalid-request":
        return new CliError(`invalid request: ${failure.issues.map(briefIssue).join("; ")}`);
      case "unreachable": {
        const e = failure.cause as { message?: string; cause?: { code?: string; message?: string } };
        return new CliError(`cannot reach ${this.server}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
      }
      case "api-error":
        return this.apiError(failure, op);
      case "unexpected-status": {
        // An HTML page (Next's 404) says nothing useful in a terminal; a short text body might.
        const html = /^\s*</.test(failure.text);
        const hint =
          failure.status === 404
            ? " (not found: is the console older than this CLI?)"
            : !html && failure.text
              ? `: ${failure.text.slice(0, 200)}`
              : "";
        return new CliError(`${op.method} ${op.path}: HTTP ${failure.status} from ${this.server}${hint}`);
      }
      case "not-json":
        return new CliError(
          `${op.id}: the server answered with something that is not JSON (is ${this.server} a Signalbox console?)`,
        );
      case "bad-response":
        return new CliError(
          `${op.id}: unexpected response from ${this.server} (a different console version?)`,
          EXIT_ERROR,
          failure.issues.slice(0, 3).map((i) => `  ${briefIssue(i)}`),
        );
    }
  }

  private apiError(failure: Extract<CallFailure, { kind: "api-error" }>, op: Operation): CliError {
    const { code, message, issues } = failure.error;
    if (failure.status === 401) {
      const hint =
        op.id === "login"
          ? ""
          : this.token
            ? " (the token may have been revoked: run `signalbox login`)"
            : " (run `signalbox login` first)";
      return new CliError(`${message}${hint}`);
    }
    return new CliError(message, isValidationError(code) ? EXIT_INVALID : EXIT_ERROR, issues.map(issueLine));
  }
}
