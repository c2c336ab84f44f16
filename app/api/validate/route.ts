import { operations } from "@/lib/core/api/index.ts";
import { diffMesh } from "@/lib/core/diff/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { loadMesh } from "@/lib/server/db/mesh-repository.ts";
import { semanticIssues } from "@/lib/server/changes/change-view.ts";

/** Dry run for live validation in the editors: nothing is stored. */
export const POST = handle(operations.validate, async ({ body }) => {
  const running = await loadMesh(await getPrisma());
  return { issues: semanticIssues(body.proposed), diff: diffMesh(running, body.proposed) };
});
