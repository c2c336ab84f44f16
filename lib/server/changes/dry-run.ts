import "server-only";
import type { MeshConfig } from "@/lib/core/index.ts";
import type { ValidateResponse } from "@/lib/core/api/index.ts";
import { diffMesh } from "@/lib/core/diff/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { loadRunningMesh } from "@/lib/server/config/running-mesh.ts";
import { semanticIssues } from "./change-view.ts";

/** Live validation for the editors: the proposal's issues and its diff against the running config; nothing is stored. */
export async function dryRun(proposed: MeshConfig): Promise<ValidateResponse> {
  const { mesh: running } = await loadRunningMesh(await getPrisma());
  return { issues: semanticIssues(proposed), diff: diffMesh(running, proposed) };
}
