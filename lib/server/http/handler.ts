import "server-only";
import type { z } from "zod";
import { API_ERRORS, can, type ApiError, type Operation, type User } from "@/lib/core/api/index.ts";
import { bearerToken } from "@/lib/server/auth/tokens.ts";
import { hasSessionCookie, sessionToken } from "@/lib/server/auth/cookies.ts";
import { userForApiToken, userForSession } from "@/lib/server/auth/session.ts";
import type { ClientInfo } from "@/lib/server/auth/sign-in.ts";
import { ensureReady } from "@/lib/server/boot.ts";
import { bodyLimit } from "./body.ts";
import { checkCrossSite } from "./cross-site.ts";
import { forbidden, HttpError, unauthorized } from "./errors.ts";
import { parseBody, parseParams, parseQuery } from "./parse.ts";
import { clientAddress, isHttps } from "./request-info.ts";
import { authenticateProxy, type ProxyIdentity } from "@/lib/server/xds/proxy-auth.ts";

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
type Result<O extends Operation> = O["response"] extends z.ZodType ? z.input<O["response"]> | Response : Response;

export interface HandlerContext<O extends Operation> {
  request: Request;
  /** The path parameters, parsed by the operation's `params` schema. */
  params: Infer<O["params"]>;
  /** Null only for public and proxy operations. */
  user: O["access"] extends "public" | "proxy" ? null : User;
  body: Infer<O["body"]>;
  query: Infer<O["query"]>;
  /** Where the request came from (see lib/server/http/request-info.ts). */
  client: ClientInfo;
  /** The session token when the request is signed in by cookie (null for bearer tokens and public calls). */
  session: string | null;
  /** Who a proxy operation comes from (its credential decides which node it may speak for). */
  proxy: O["access"] extends "proxy" ? ProxyIdentity : null;
}

interface Authenticated {
  user: User | null;
  session: string | null;
  proxy?: ProxyIdentity;
}

/**
 * The one wrapper every route handler goes through. It takes the operation from lib/core/api's
 * registry — the same entry the OpenAPI document is generated from — and owns authentication, the
 * CSRF check, the role check, the body limit, path parameter, query and body parsing (a mismatch is a
 * 400 naming the field) and error mapping, so no handler can forget any of them.
 */
export function handle<O extends Operation>(
  operation: O,
  fn: (ctx: HandlerContext<O>) => Result<O> | Promise<Result<O>>,
) {
  return async (
    request: Request,
    context: { params: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    const https = isHttps(request);
    try {
      await ensureReady();
      const auth = await authenticate(request, operation, https);
      const client = { address: clientAddress(request), https };
      const params = operation.params ? parseParams((await context.params) ?? {}, operation.params) : undefined;
      const query = operation.query ? parseQuery(request.url, operation.query) : undefined;
      const body = operation.body ? await parseBody(request, operation.body, bodyLimit(operation)) : undefined;
      const ctx = {
        request,
        params,
        user: auth.user,
        body,
        query,
        client,
        session: auth.session,
        proxy: auth.proxy ?? null,
      };
      const result = await fn(ctx as HandlerContext<O>);
      const response =
        result instanceof Response
          ? result
          : Response.json(checkResponse(operation, result), { status: operation.status ?? 200 });
      return withApiHeaders(response, https);
    } catch (error) {
      return withApiHeaders(errorResponse(error), https);
    }
  };
}

/** With SIGNALBOX_CHECK_RESPONSES=1 (the tests set it) every JSON response must match its documented schema. */
function checkResponse(operation: Operation, result: unknown): unknown {
  if (process.env.SIGNALBOX_CHECK_RESPONSES !== "1" || !("parse" in operation.response)) return result;
  const parsed = operation.response.safeParse(result);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`response of ${operation.id} does not match its schema: ${where}`);
  }
  return result;
}

/**
 * A request with an Authorization header is authenticated by it alone (a bearer token is no ambient
 * credential, so it skips the CSRF check); otherwise by the session cookie, which must pass the CSRF check.
 */
async function authenticate(request: Request, operation: Operation, https: boolean): Promise<Authenticated> {
  const access = operation.access;
  const bearer = bearerToken(request);
  if (access === "proxy") return { user: null, session: null, proxy: await authenticateProxy(bearer) };
  if (request.headers.has("authorization")) {
    if (access === "public") return { user: null, session: null };
    const user = bearer ? await userForApiToken(bearer) : null;
    if (!user) throw unauthorized("The API token is invalid, revoked or expired");
    return { user: allowed(user, access), session: null };
  }
  const cookieHeader = request.headers.get("cookie");
  const token = sessionToken(cookieHeader, https);
  const user = token ? await userForSession(token) : null;
  if (access !== "public" && !user) throw unauthorized();
  checkCrossSite(request, operation, hasSessionCookie(cookieHeader));
  return { user: access === "public" ? null : allowed(user!, access), session: user ? token : null };
}

function allowed(user: User, access: Exclude<Operation["access"], "public" | "proxy">): User {
  if (!can(user.role, access)) throw forbidden(`Your role ${user.role} may not ${access}`);
  return user;
}

/** API answers are never cached, and over HTTPS tell the browser to keep to HTTPS (HSTS). */
function withApiHeaders(response: Response, https: boolean): Response {
  const headers = response.headers;
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  if (https) headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  return response;
}

function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    const body: ApiError = { error: { code: error.code, message: error.message, issues: error.issues } };
    return Response.json(body, { status: error.status, headers: error.headers });
  }
  console.error("[signalbox] unexpected error", error);
  const internal = API_ERRORS.INTERNAL;
  const body: ApiError = { error: { code: internal.code, message: "Internal error; see the console log", issues: [] } };
  return Response.json(body, { status: internal.status });
}
