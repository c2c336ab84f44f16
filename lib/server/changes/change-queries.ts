import "server-only";
import type { ChangeDetail, ChangeListResponse } from "@/lib/core/api/index.ts";
import { getPrisma } from "@/lib/server/db/client.ts";
import { CHANGE_INCLUDE, toSummary, type ChangeRow } from "./change-view.ts";
import { changeDetail } from "./workflow.ts";

/** The newest 200 changes, newest first. */
export async function listChanges(): Promise<ChangeListResponse> {
  const prisma = await getPrisma();
  const rows = await prisma.changeSet.findMany({ orderBy: { createdAt: "desc" }, take: 200, include: CHANGE_INCLUDE });
  return { changes: rows.map((r) => toSummary(r as ChangeRow)) };
}

/** One change with its issues and diff; 404 when there is none. */
export async function getChange(id: string): Promise<ChangeDetail> {
  return changeDetail(await getPrisma(), id);
}
