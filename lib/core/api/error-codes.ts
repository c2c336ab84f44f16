/**
 * The one catalogue of API error codes: the `code` of every error body the console sends, and the
 * codes the clients give failures that never reached a handler. Codes are stable API (scripts and the
 * CLI branch on them): never rename one; retire it instead.
 *
 * - `origin: "server"` codes appear in `ApiErrorSchema` and the OpenAPI document; `status` is the
 *   HTTP status the console answers with.
 * - `origin: "client"` codes are made by the callers in lib/client and lib/cli when there is no
 *   API error body to read; `status` is what `ApiClientError.status` carries (0: no response).
 * - `validation: true` means "the input is invalid" rather than "the call failed"; the CLI exits 2.
 *
 * SB issue codes (lib/core/validate/issue-codes.ts) are a different catalogue: they name what is
 * wrong with one field, inside an error's `issues`.
 */
interface ErrorEntry {
  code: string;
  status: number;
  origin: "server" | "client";
  validation?: true;
  meaning: string;
}

export const API_ERRORS = {
  BAD_REQUEST: {
    code: "BAD_REQUEST",
    status: 400,
    origin: "server",
    meaning: "The request is invalid in a way its schema cannot say, e.g. two query fields that exclude each other",
  },
  INVALID_JSON: { code: "INVALID_JSON", status: 400, origin: "server", meaning: "The request body is not JSON" },
  INVALID_BODY: {
    code: "INVALID_BODY",
    status: 400,
    origin: "server",
    meaning: "The request body does not match the operation's schema; `issues` name the fields",
  },
  INVALID_QUERY: {
    code: "INVALID_QUERY",
    status: 400,
    origin: "server",
    meaning: "The query string does not match the operation's schema; `issues` name the fields",
  },
  INVALID_PARAM: {
    code: "INVALID_PARAM",
    status: 400,
    origin: "server",
    meaning: "A path parameter is malformed, e.g. a version that is not a positive integer; `issues` name it",
  },
  INVALID_CONFIG: {
    code: "INVALID_CONFIG",
    status: 400,
    origin: "server",
    validation: true,
    meaning: "The proposed config fails validation; `issues` carry SB codes and field paths",
  },
  EMPTY_CHANGE: {
    code: "EMPTY_CHANGE",
    status: 400,
    origin: "server",
    meaning: "The change has no differences from the running config",
  },
  UNAUTHENTICATED: {
    code: "UNAUTHENTICATED",
    status: 401,
    origin: "server",
    meaning: "Not signed in, a wrong password or token, or a revoked token",
  },
  FORBIDDEN: {
    code: "FORBIDDEN",
    status: 403,
    origin: "server",
    meaning: "The role or the four-eyes rule forbids it",
  },
  CROSS_SITE: {
    code: "CROSS_SITE",
    status: 403,
    origin: "server",
    meaning:
      "A state-changing request signed in by cookie without Content-Type: application/json and this console's Origin (CSRF)",
  },
  NOT_FOUND: { code: "NOT_FOUND", status: 404, origin: "server", meaning: "No such object" },
  CONFLICT: {
    code: "CONFLICT",
    status: 409,
    origin: "server",
    meaning: "The object's state forbids it, e.g. approving a change that is not pending, or a stale change",
  },
  STALE_REVISION: {
    code: "STALE_REVISION",
    status: 409,
    origin: "server",
    meaning: "The draft was changed elsewhere since the revision the update is based on: reload it or overwrite",
  },
  PAYLOAD_TOO_LARGE: {
    code: "PAYLOAD_TOO_LARGE",
    status: 413,
    origin: "server",
    meaning: "The request body is larger than this operation accepts (refused before the rest is read)",
  },
  INCONSISTENT_SNAPSHOT: {
    code: "INCONSISTENT_SNAPSHOT",
    status: 422,
    origin: "server",
    validation: true,
    meaning: "The config compiled to a snapshot the proxy would refuse; `issues` name the parts",
  },
  TOO_MANY_REQUESTS: {
    code: "TOO_MANY_REQUESTS",
    status: 429,
    origin: "server",
    meaning: "Too many failed sign-ins for this user name or client address; retry after the Retry-After seconds",
  },
  INTERNAL: { code: "INTERNAL", status: 500, origin: "server", meaning: "A bug; the console log has the details" },
  NETWORK: {
    code: "NETWORK",
    status: 0,
    origin: "client",
    meaning: "The request did not reach the console (network down, console stopped)",
  },
  UNEXPECTED_STATUS: {
    code: "UNEXPECTED_STATUS",
    status: 0,
    origin: "client",
    meaning: "An error status without an API error body, e.g. a reverse proxy's error page; `status` is the real one",
  },
  BAD_RESPONSE: {
    code: "BAD_RESPONSE",
    status: 0,
    origin: "client",
    meaning: "A response that does not match the operation's schema (a console of another version?)",
  },
} as const satisfies Record<string, ErrorEntry>;

type Catalogue = typeof API_ERRORS;
export type ApiErrorEntry = Catalogue[keyof Catalogue];
export type ApiErrorCode = ApiErrorEntry["code"];
export type ServerErrorEntry = Extract<ApiErrorEntry, { origin: "server" }>;
type ServerErrorCode = ServerErrorEntry["code"];
/** The catalogue entries a server answers with a given status, e.g. `ServerErrorWithStatus<400>`. */
export type ServerErrorWithStatus<S extends number> = Extract<ServerErrorEntry, { status: S }>;

const all: readonly ErrorEntry[] = Object.values(API_ERRORS);

/** Every code a console can send, in catalogue order (the enum of `ApiErrorSchema.error.code`). */
export const SERVER_ERROR_CODES = all.filter((e) => e.origin === "server").map((e) => e.code) as [
  ServerErrorCode,
  ...ServerErrorCode[],
];

/** Whether an error code means "the input is invalid" (the CLI's exit 2) rather than "the call failed". */
export const isValidationError = (code: string): boolean => all.some((e) => e.code === code && e.validation === true);
