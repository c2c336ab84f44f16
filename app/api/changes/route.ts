import { operations } from "@/lib/core/api/index.ts";
import { handle } from "@/lib/server/http/handler.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { createChange } from "@/lib/server/changes/workflow.ts";
import { CHANGE_INCLUDE, toSummary, type ChangeRow } from "@/lib/server/changes/change-view.ts";

export const GET = handle(operations.listChanges, async () => {
  const prisma = await getPrisma();
  const rows = await prisma.changeSet.findMany({ orderBy: { createdAt: "desc" }, take: 200, include: CHANGE_INCLUDE });
  return { changes: rows.map((r) => toSummary(r as ChangeRow)) };
});

export const POST = handle(operations.createChange, async ({ body, user }) => createChange(user, body));
