import "server-only";
import { MeshConfigSchema } from "@/lib/core/index.ts";
import type { z } from "zod";
import { zodApiIssues, type ImportRequestSchema, type ImportResponse, type User } from "@/lib/core/api/index.ts";
import { importYaml } from "@/lib/core/yaml/index.ts";
import { mergeMesh } from "@/lib/core/select/merge.ts";
import { diffMesh } from "@/lib/core/diff/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { loadMesh } from "@/lib/server/db/mesh-repository.ts";
import { semanticIssues } from "@/lib/server/changes/change-view.ts";
import { createChange } from "@/lib/server/changes/workflow.ts";

/**
 * Parses and validates every document, merges (or replaces) into the running config, validates the
 * result, and — unless it is a dry run or anything is invalid — records it as a draft change that then
 * goes through the usual review. Nothing is written when the import is not clean.
 */
export async function importAsChange(user: User, req: z.infer<typeof ImportRequestSchema>): Promise<ImportResponse> {
  const result = importYaml(req.yaml);
  const documents = result.report.documents.map((d) => ({
    index: d.index,
    kind: d.kind,
    name: d.name,
    status: d.status,
    issues: d.issues.map((i) => ({ path: i.path, message: i.message, line: i.line, column: i.column })),
  }));
  const running = await loadMesh(await getPrisma());
  const combined = req.mode === "replace" ? result.mesh : mergeMesh(running, result.mesh);
  const shape = MeshConfigSchema.safeParse(combined);
  const issues = shape.success ? semanticIssues(shape.data) : zodApiIssues(shape.error);
  const diff = shape.success ? diffMesh(running, shape.data) : [];
  const ok =
    documents.length > 0 &&
    documents.every((d) => d.status !== "invalid") &&
    issues.every((i) => i.severity !== "error");
  let changeId: string | null = null;
  if (ok && !req.dryRun && shape.success) {
    const title = req.title ?? `Import of ${documents.length} document${documents.length === 1 ? "" : "s"}`;
    changeId = (await createChange(user, { title, description: "Imported from YAML", proposed: shape.data })).id;
  }
  return { ok, documents, issues, diff, changeId };
}
