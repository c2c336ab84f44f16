import { describe, expect, it } from "vitest";
import {
  API_ERRORS,
  ApiErrorSchema,
  buildOpenApiDocument,
  isValidationError,
  operations,
  SERVER_ERROR_CODES,
  type Operation,
} from "@/lib/core/api/index.ts";

const entries = Object.entries(API_ERRORS);

describe("API error catalogue", () => {
  it("names each entry by its code, with a status and a meaning", () => {
    for (const [key, e] of entries) {
      expect(e.code, key).toBe(key);
      expect(e.meaning.length, key).toBeGreaterThan(10);
      if (e.origin === "server") expect(e.status >= 400 && e.status < 600, key).toBe(true);
      else expect(e.status, key).toBe(0);
    }
  });

  it("types the error body's code: every server code parses, client-side codes and unknown ones do not", () => {
    const body = (code: string) => ({ error: { code, message: "m", issues: [] } });
    for (const code of SERVER_ERROR_CODES) expect(ApiErrorSchema.safeParse(body(code)).success, code).toBe(true);
    expect(ApiErrorSchema.safeParse(body(API_ERRORS.NETWORK.code)).success).toBe(false);
    expect(ApiErrorSchema.safeParse(body("OOPS")).success).toBe(false);
  });

  it("marks the codes that mean invalid input (the CLI's exit 2)", () => {
    expect(isValidationError(API_ERRORS.INVALID_CONFIG.code)).toBe(true);
    expect(isValidationError(API_ERRORS.INCONSISTENT_SNAPSHOT.code)).toBe(true);
    expect(isValidationError(API_ERRORS.CONFLICT.code)).toBe(false);
    expect(isValidationError("OOPS")).toBe(false);
  });

  it("is listed in the OpenAPI document: the ApiError enum and each status's description", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a generated JSON document
    const doc = buildOpenApiDocument({ version: "test" }) as Record<string, any>;
    expect(doc.components.schemas.ApiError.properties.error.properties.code.enum).toEqual(SERVER_ERROR_CODES);
    const responses = doc.paths["/api/changes/{id}/approve"].post.responses;
    for (const code of SERVER_ERROR_CODES) {
      const status = String(API_ERRORS[code].status);
      expect(responses[status]?.description, code).toContain(`\`${code}\``);
    }
  });
});

describe("operation registry", () => {
  it("has a params schema with exactly the {params} of each path", () => {
    for (const op of Object.values(operations) as Operation[]) {
      const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const shape = op.params ? Object.keys((op.params as unknown as { shape: object }).shape).sort() : [];
      expect(shape, op.id).toEqual(inPath);
    }
  });

  it("documents path parameters from those schemas", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a generated JSON document
    const doc = buildOpenApiDocument({ version: "test" }) as Record<string, any>;
    expect(doc.paths["/api/versions/{version}/rollback"].post.parameters).toEqual([
      {
        name: "version",
        in: "path",
        required: true,
        schema: { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
      },
    ]);
  });
});
