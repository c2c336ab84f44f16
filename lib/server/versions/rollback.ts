import "server-only";
import type { User } from "@/lib/core/api/index.ts";
import { createChange } from "@/lib/server/changes/workflow.ts";
import { versionMesh } from "./version-history.ts";

/** A rollback is an ordinary change proposing an old version's config: it is reviewed like any other. */
export async function rollbackTo(user: User, version: number): Promise<{ changeId: string }> {
  const change = await createChange(user, {
    title: `Roll back to version ${version}`,
    description: "",
    proposed: await versionMesh(version),
  });
  return { changeId: change.id };
}
