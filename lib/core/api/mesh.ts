import { z } from "zod";
import { MeshConfigSchema } from "../model/mesh.ts";

/** GET /api/mesh: the running configuration. */
export const RunningMeshResponseSchema = z.object({
  version: z.number().int().nullable(),
  hash: z.string().nullable(),
  mesh: MeshConfigSchema,
});
export type RunningMeshResponse = z.infer<typeof RunningMeshResponseSchema>;

export const ConfigVersionSummarySchema = z.object({
  version: z.number().int(),
  hash: z.string(),
  createdAt: z.string(),
  changeId: z.string().nullable(),
  changeTitle: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export const VersionListResponseSchema = z.object({ versions: z.array(ConfigVersionSummarySchema) });
export type VersionListResponse = z.infer<typeof VersionListResponseSchema>;

export const ExportQuerySchema = z.object({
  format: z.enum(["istio", "gateway-api"]).default("istio"),
  version: z.coerce.number().int().min(1).optional(),
  change: z.string().optional(),
  service: z.string().optional(),
  download: z.enum(["0", "1"]).default("0"),
});
/** What to export: a format, and the running config, a version or a change, possibly one service of it. */
export type ExportSelection = Omit<z.output<typeof ExportQuerySchema>, "download">;
