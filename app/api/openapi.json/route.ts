import { buildOpenApiDocument, operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";

export const GET = handle(operations.openapi, async () => Response.json(buildOpenApiDocument({ version: "0.1.0" })));
