"use client";
import Link from "next/link";
import { can, type Role } from "@/lib/core/api/index.ts";
import { useDraft } from "@/lib/client/hooks/use-draft.ts";

/** "Draft: N changes" for editors, linking to the draft's review page. */
export function DraftBadge({ role }: { role: Role }) {
  const canEdit = can(role, "edit");
  const draft = useDraft(canEdit);
  if (!canEdit || !draft.data) return null;
  const n = draft.data.diff.length;
  return (
    <Link
      href={`/changes/${draft.data.id}`}
      className={`draft-badge${n ? " has-changes" : ""}`}
      data-testid="draft-badge"
      data-count={n}
    >
      Draft: {n} change{n === 1 ? "" : "s"}
    </Link>
  );
}
