import { z } from "zod";
import { MeshChangeEntrySchema } from "./changes.ts";

export const ImportRequestSchema = z.object({
  /** One or more YAML documents (Istio networking.istio.io or Gateway API gateway.networking.k8s.io). */
  yaml: z.string().min(1, "is required").max(2_000_000, "must be at most 2 MB"),
  /** Only report and diff; create no change. */
  dryRun: z.boolean().default(false),
  /** merge: imported objects replace same-named ones in the running config; replace: the import is the whole config. */
  mode: z.enum(["merge", "replace"]).default("merge"),
  title: z.string().trim().min(1).max(200).optional(),
});

export const ImportIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const ImportDocumentReportSchema = z.object({
  index: z.number().int(),
  kind: z.string(),
  name: z.string(),
  status: z.enum(["imported", "partial", "unsupported", "invalid"]),
  issues: z.array(ImportIssueSchema),
});

export const ImportResponseSchema = z.object({
  ok: z.boolean(),
  documents: z.array(ImportDocumentReportSchema),
  /** Semantic issues of the resulting mesh. */
  issues: z.array(
    z.object({
      path: z.array(z.union([z.string(), z.number()])),
      message: z.string(),
      code: z.string().optional(),
      severity: z.enum(["error", "warning"]).optional(),
    }),
  ),
  diff: z.array(MeshChangeEntrySchema),
  /** The draft change created, unless dryRun or invalid. */
  changeId: z.string().nullable(),
});
export type ImportResponse = z.infer<typeof ImportResponseSchema>;

export const RollbackResponseSchema = z.object({ changeId: z.string() });
