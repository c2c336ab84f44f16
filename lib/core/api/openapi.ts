import { z } from "zod";
import { ApiErrorSchema } from "./errors.ts";
import { operations, type Operation } from "./operations.ts";

type Json = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: "input" | "output"): Json =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;

function queryParameters(schema: z.ZodType): Json[] {
  const json = schemaOf(schema, "input");
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({ name, in: "query", required: required.has(name), schema: s }));
}

function pathParameters(path: string): Json[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

const ERROR_STATUSES: Record<string, string> = {
  "400": "Invalid input; `issues` name the fields",
  "401": "Not signed in, or a wrong token",
  "403": "The role or the four-eyes rule forbids it",
  "404": "No such object",
  "409": "The object's state forbids it",
};

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
  for (const [status, description] of Object.entries(ERROR_STATUSES)) out[status] = { ...errorBody, description };
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
    const parameters = [...pathParameters(op.path), ...(op.query ? queryParameters(op.query) : [])];
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
        proxyToken: { type: "http", scheme: "bearer", description: "SIGNALBOX_PROXY_TOKEN" },
      },
    },
  };
}
