import { z } from "zod";
import { API_ERRORS, type ApiErrorEntry } from "./error-codes.ts";
import { ApiErrorSchema } from "./errors.ts";
import { operations, type Operation } from "./operations.ts";

type Json = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: "input" | "output"): Json =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;

/** One OpenAPI parameter per property of an object schema (an operation's `params` or `query`). */
function parametersOf(schema: z.ZodType, where: "path" | "query"): Json[] {
  const json = schemaOf(schema, "input");
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: s,
  }));
}

/** Each error status of the catalogue, described by the codes a console answers it with. */
const ERROR_STATUSES: Record<string, string> = {};
for (const e of Object.values(API_ERRORS) as ApiErrorEntry[]) {
  if (e.origin !== "server") continue;
  const line = `\`${e.code}\`: ${e.meaning}`;
  const status = String(e.status);
  ERROR_STATUSES[status] = ERROR_STATUSES[status] ? `${ERROR_STATUSES[status]}; ${line}` : line;
}

function responses(op: Operation): Json {
  const ok: Json =
    "parse" in op.response
      ? { description: "OK", content: { "application/json": { schema: schemaOf(op.response, "output") } } }
      : { description: "OK", content: { [op.response.text]: { schema: { type: "string" } } } };
  const out: Json = { [String(op.status ?? 200)]: ok };
  for (const extra of op.alsoReturns ?? []) out[String(extra.status)] = { description: extra.description };
  const errorBody = {
    description: "",
    content: { "application/json": { schema: { $ref: "#/components/schemas/ApiError" } } },
  };
  for (const [status, description] of Object.entries(ERROR_STATUSES)) out[status] ??= { ...errorBody, description };
  return out;
}

function security(op: Operation): Json[] {
  if (op.access === "public") return [];
  if (op.access === "proxy") return [{ proxyToken: [] }];
  return [{ session: [] }, { apiToken: [] }];
}

/** OpenAPI 3.1 generated from the operation registry and its zod schemas: nothing is written twice. */
export function buildOpenApiDocument(info: { version: string }): Json {
  const paths: Record<string, Json> = {};
  for (const op of Object.values(operations) as Operation[]) {
    const parameters = [
      ...(op.params ? parametersOf(op.params, "path") : []),
      ...(op.query ? parametersOf(op.query, "query") : []),
    ];
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = {
      operationId: op.id,
      summary: op.summary,
      "x-signalbox-access": op.access,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(op.body, "input") } } } }
        : {}),
      responses: responses(op),
      security: security(op),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Signalbox API",
      version: info.version,
      description: "Service-mesh console: routing rules, reviewed changes, config distribution.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      schemas: { ApiError: schemaOf(ApiErrorSchema, "output") },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "sb_session" },
        apiToken: { type: "http", scheme: "bearer", description: "An API token from /api/tokens" },
        proxyToken: {
          type: "http",
          scheme: "bearer",
          description: "The proxy's own credential (Proxies page), or SIGNALBOX_PROXY_TOKEN on a loopback-only console",
        },
      },
    },
  };
}
