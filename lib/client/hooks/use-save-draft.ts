"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { MeshConfig } from "@/lib/core/index.ts";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { draftRevisions, serialized } from "../draft-revisions.ts";
import { queryKeys } from "../query-keys.ts";

interface SaveDraftInput {
  id: string;
  proposed?: MeshConfig;
  title?: string;
  description?: string;
  /** The revision the edit is based on when this tab has none recorded for the draft yet. */
  revision?: number;
  /** Save over whatever was saved elsewhere: base the update on the draft's current revision. */
  overwrite?: boolean;
}

/**
 * Saves the whole proposed mesh into the draft (updateChange), based on the revision this tab knows; a 400
 * carries issues naming the fields, a 409 STALE_REVISION means the draft was changed elsewhere.
 */
export function useSaveDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ["save-draft"],
    mutationFn: ({ id, revision, overwrite, ...body }: SaveDraftInput) =>
      serialized(id, async () => {
        const base = overwrite
          ? (await call(operations.getChange, { params: { id } })).revision
          : (draftRevisions.get(id) ?? revision ?? 0);
        const detail = await call(operations.updateChange, { params: { id }, body: { ...body, revision: base } });
        draftRevisions.set(id, detail.revision);
        return detail;
      }),
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.changes.detail(detail.id), detail);
      if (detail.status === "DRAFT") qc.setQueryData(queryKeys.changes.draft(), detail);
      void qc.invalidateQueries({ queryKey: queryKeys.changes.list() });
    },
  });
}
