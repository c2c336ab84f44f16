import { z } from "zod";
import {
  ApiErrorSchema,
  ApiTokenListResponseSchema,
  CreatedApiTokenResponseSchema,
  ImportResponseSchema,
  OkResponseSchema,
  type CreateApiTokenRequestSchema,
  type ImportRequestSchema,
  type ImportResponse,
} from "@/lib/core/api/index.ts";
import { ApiClientError, requestJson } from "./api.ts";

/* ---------- OpenAPI document (the subset /api/openapi.json generates from the registry) ---------- */

const JsonSchema = z.unknown();
const MediaMap = z.record(z.string(), z.object({ schema: JsonSchema.optional() }));

export const OpenApiParameterSchema = z.object({
  name: z.string(),
  in: z.string(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: JsonSchema.optional(),
});

export const OpenApiOperationSchema = z.object({
  operationId: z.string().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  "x-signalbox-access": z.string().optional(),
  parameters: z.array(OpenApiParameterSchema).optional(),
  requestBody: z.object({ required: z.boolean().optional(), content: MediaMap }).optional(),
  responses: z
    .record(z.string(), z.object({ description: z.string().optional(), content: MediaMap.optional() }))
    .default({}),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});

export const OpenApiDocumentSchema = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  paths: z.record(z.string(), z.record(z.string(), OpenApiOperationSchema)),
  components: z.object({ schemas: z.record(z.string(), JsonSchema).optional() }).optional(),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>;
export type OpenApiOperation = z.infer<typeof OpenApiOperationSchema>;
export type OpenApiParameter = z.infer<typeof OpenApiParameterSchema>;

/* ---------- Import ---------- */

export type ImportInput = z.input<typeof ImportRequestSchema>;

/** The import's outcome: 200 checked, 201 draft change created, 422 not clean (same body, ok=false). */
export interface ImportOutcome {
  status: number;
  result: ImportResponse;
}

const IMPORT_STATUSES = new Set([200, 201, 422]);

/**
 * POST /api/import. Unlike the other calls a 422 is an answer, not a failure — its body is the report —
 * so this reads the status itself and only turns the other non-2xx statuses into ApiClientError.
 */
async function postImport(body: ImportInput, signal?: AbortSignal): Promise<ImportOutcome> {
  let res: Response;
  try {
    res = await fetch("/api/import", {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiClientError(0, "NETWORK", `Network error: ${(e as Error).message}`);
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (IMPORT_STATUSES.has(res.status)) {
    const parsed = ImportResponseSchema.safeParse(json);
    if (parsed.success) return { status: res.status, result: parsed.data };
    throw new ApiClientError(res.status, "BAD_RESPONSE", "Unexpected response from /api/import");
  }
  const err = ApiErrorSchema.safeParse(json);
  if (err.success)
    throw new ApiClientError(res.status, err.data.error.code, err.data.error.message, err.data.error.issues);
  throw new ApiClientError(res.status, `HTTP_${res.status}`, res.statusText || `HTTP ${res.status}`);
}

/* ---------- Calls and keys ---------- */

export const interopKeys = {
  openapi: () => ["openapi"] as const,
  tokens: () => ["api-tokens"] as const,
};

export const interopApi = {
  openapi: () => requestJson("/api/openapi.json", OpenApiDocumentSchema),
  importYaml: postImport,
  tokens: () => requestJson("/api/tokens", ApiTokenListResponseSchema),
  createToken: (body: z.input<typeof CreateApiTokenRequestSchema>) =>
    requestJson("/api/tokens", CreatedApiTokenResponseSchema, { method: "POST", body }),
  revokeToken: (id: string) =>
    requestJson(`/api/tokens/${encodeURIComponent(id)}`, OkResponseSchema, { method: "DELETE" }),
};
