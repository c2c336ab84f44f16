/**
 * A mesh's semantic issues as the API reports them. No `import "server-only"`: the import worker
 * (lib/server/config/import-worker.ts) validates with it off the main thread.
 */
import type { MeshConfig } from "@/lib/core/index.ts";
import type { ApiIssue } from "@/lib/core/api/index.ts";
import { validateMesh } from "@/lib/core/validate/index.ts";

export function semanticIssues(mesh: MeshConfig): ApiIssue[] {
  return validateMesh(mesh).map((i) => ({ path: i.path, message: i.message, code: i.code, severity: i.severity }));
}
