import "server-only";
import type { z } from "zod";
import { API_ERRORS, can, type ApiError, type Operation, type User } from "@/lib/core/api/index.ts";
import { bearerToken, safeEqual } from "@/lib/server/auth/tokens.ts";
import { cookieToken, userForApiToken, userForSession } from "@/lib/server/auth/session.ts";
import { env } from "@/lib/server/env.ts";
import { ensureReady } from "@/lib/server/boot.ts";
import { forbidden, HttpError, unauthorized } from "./errors.ts";
import { parseBody, parseParams, parseQuery } from "./parse.ts";

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
}

/**
 * The one wrapper every route handler goes through. It takes the operation from lib/core/api's
 * registry — the same entry the OpenAPI document is generated from — and owns authentication, the
 * role check, path parameter, query and body parsing (a mismatch is a 400 naming the field) and error
 * mapping, so no handler can forget any of them.
 */
export function handle<O extends Operation>(
  operation: O,
  fn: (ctx: HandlerContext<O>) => Result<O> | Promise<Result<O>>,
) {
  return async (
    request: Request,
    context: { params: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    try {
      await ensureReady();
      const user = await authenticate(request, operation);
      const params = operation.params ? parseParams((await context.params) ?? {}, operation.params) : undefined;
      const query = operation.query ? parseQuery(request.url, operation.query) : undefined;
      const body = operation.body ? await parseBody(request, operation.body) : undefined;
      const result = await fn({ request, params, user, body, query } as HandlerContext<O>);
      if (result instanceof Response) return result;
      return Response.json(checkResponse(operation, result), { status: operation.status ?? 200 });
    } catch (error) {
      return errorResponse(error);
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

async function authenticate(request: Request, operation: Operation): Promise<User | null> {
  const access = operation.access;
  if (access === "public") return null;
  const bearer = bearerToken(request);
  if (access === "proxy") {
    if (!bearer || !safeEqual(bearer, env().SIGNALBOX_PROXY_TOKEN))
      throw unauthorized("A valid proxy token is required");
    return null;
  }
  const cookie = cookieToken(request);
  const user = (cookie && (await userForSession(cookie))) || (bearer && (await userForApiToken(bearer))) || null;
  if (!user) throw unauthorized();
  if (!can(user.role, access)) throw forbidden(`Your role ${user.role} may not ${access}`);
  return user;
}

function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    const body: ApiError = { error: { code: error.code, message: error.message, issues: error.issues } };
    return Response.json(body, { status: error.status });
  }
  console.error("[signalbox] unexpected error", error);
  const internal = API_ERRORS.INTERNAL;
  const body: ApiError = { error: { code: internal.code, message: "Internal error; see the console log", issues: [] } };
  return Response.json(body, { status: internal.status });
}
