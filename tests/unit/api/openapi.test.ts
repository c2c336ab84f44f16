import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, operations, type Operation } from "@/lib/core/api/index.ts";

const apiDir = path.resolve(import.meta.dirname, "../../../app/api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** app/api/changes/[id]/submit/route.ts → /api/changes/{id}/submit */
function urlPath(file: string): string {
  const rel = path.relative(path.dirname(apiDir), path.dirname(file)).split(path.sep).join("/");
  return `/${rel.replace(/\[(\w+)\]/g, "{$1}")}`;
}

const handlers = routeFiles(apiDir).flatMap((file) => {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/export const (GET|POST|PUT|DELETE|PATCH) = handle\(operations\.(\w+)/g)].map((m) => ({
    file: path.relative(apiDir, file),
    method: m[1]!,
    opId: m[2]!,
    path: urlPath(file),
  }));
});

describe("OpenAPI document", () => {
  it("every exported route handler goes through handle() with an operation", () => {
    for (const file of routeFiles(apiDir)) {
      const text = readFileSync(file, "utf8");
      const exported = [...text.matchAll(/export (?:const|async function) (GET|POST|PUT|DELETE|PATCH)\b/g)].map(
        (m) => m[1],
      );
      const wrapped = [...text.matchAll(/export const (GET|POST|PUT|DELETE|PATCH) = handle\(operations\./g)].map(
        (m) => m[1],
      );
      expect(wrapped, path.relative(apiDir, file)).toEqual(exported);
    }
  });

  it("each handler's method and path match its registry entry", () => {
    expect(handlers.length).toBeGreaterThan(20);
    for (const h of handlers) {
      const op = (operations as Record<string, Operation>)[h.opId];
      expect(op, `${h.file} uses unknown operation ${h.opId}`).toBeDefined();
      expect({ method: op!.method, path: op!.path }, h.file).toEqual({ method: h.method, path: h.path });
    }
  });

  it("documents every handler and nothing without a handler", () => {
    const doc = buildOpenApiDocument({ version: "test" }) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const implemented = handlers.map((h) => `${h.method} ${h.path}`);
    expect(documented.sort()).toEqual(implemented.sort());
  });

  it("is OpenAPI 3.1 with JSON Schemas for bodies and responses", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a generated JSON document
    const doc = buildOpenApiDocument({ version: "test" }) as Record<string, any>;
    expect(doc.openapi).toBe("3.1.0");
    const put = doc.paths["/api/changes/{id}"].put;
    expect(put.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string" } }]);
    expect(put.requestBody.content["application/json"].schema.properties.proposed).toBeDefined();
    expect(put.responses["400"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ApiError" });
    const poll = doc.paths["/api/xds/snapshot"].get;
    expect(poll.parameters.map((p: { name: string }) => p.name)).toEqual([
      "node",
      "version",
      "gateway",
      "labels",
      "waitMs",
      "applied",
      "appliedHash",
    ]);
    expect(poll.responses["304"]).toBeDefined();
    expect(poll.security).toEqual([{ proxyToken: [] }]);
  });
});
