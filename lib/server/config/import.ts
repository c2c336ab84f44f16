import "server-only";
import type { z } from "zod";
import type { ImportRequestSchema } from "@/lib/core/api/index.ts";
import type { MeshConfig } from "@/lib/core/index.ts";
import type { User } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { insertChange, runningUnderLock } from "@/lib/server/changes/workflow.ts";
import { runImportOffThread } from "./import-runner.ts";

/**
 * Parses and validates every document (off the main thread), merges (or replaces) into the running config,
 * validates the result, and — unless it is a dry run or anything is invalid — records it as a draft change
 * that then goes through the usual review. Nothing is written when the import is not clean. The change's base
 * version is the version of the very mesh the import was merged into, read together under the publish lock;
 * if a publish lands while the worker runs, the draft is correctly stale.
 *
 * The answer is the ImportResponse as JSON text (the worker serialised the report; only the change id is
 * added here), so that a large report never has to be rebuilt on the main thread.
 */
export async function importAsChange(
  user: User,
  req: z.infer<typeof ImportRequestSchema>,
): Promise<{ ok: boolean; changeId: string | null; json: string }> {
  const prisma = await getPrisma();
  const base = await prisma.$transaction((tx) => runningUnderLock(tx));
  const outcome = await runImportOffThread({ yaml: req.yaml, mode: req.mode, running: base.mesh });
  let changeId: string | null = null;
  if (outcome.ok && outcome.proposed && !req.dryRun) {
    // The worker built it with MeshConfigSchema; parsing it again here would only cost main-thread time.
    const proposed = JSON.parse(outcome.proposed) as MeshConfig;
    const documents = outcome.documents;
    const title = req.title ?? `Import of ${documents} document${documents === 1 ? "" : "s"}`;
    changeId = await prisma.$transaction((tx) =>
      insertChange(tx, user, { title, description: "Imported from YAML", proposed }, base),
    );
  }
  return { ok: outcome.ok, changeId, json: `{"changeId":${JSON.stringify(changeId)},${outcome.report.slice(1)}` };
}
