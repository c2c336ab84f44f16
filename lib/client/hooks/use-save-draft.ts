"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { MeshConfig } from "@/lib/core/index.ts";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

interface SaveDraftInput {
  id: string;
  proposed?: MeshConfig;
  title?: string;
  description?: string;
}

/** Saves the whole proposed mesh into the draft (updateChange); a 400 carries issues naming the fields. */
export function useSaveDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ["save-draft"],
    mutationFn: ({ id, ...body }: SaveDraftInput) => call(operations.updateChange, { params: { id }, body }),
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.changes.detail(detail.id), detail);
      if (detail.status === "DRAFT") qc.setQueryData(queryKeys.changes.draft(), detail);
      void qc.invalidateQueries({ queryKey: queryKeys.changes.list() });
    },
  });
}
