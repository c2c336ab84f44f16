import { z } from "zod";

/* The subset of an OpenAPI 3.1 document that the console's API reference reads (GET /api/openapi.json). */

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
