"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { MeshConfig } from "@/lib/core/index.ts";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export interface SaveDraftInput {
  id: string;
  proposed?: MeshConfig;
  title?: string;
  description?: string;
}

/** PUT /api/changes/{id} with the whole proposed mesh; a 400 carries issues naming the fields. */
export function useSaveDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ["save-draft"],
    mutationFn: ({ id, ...body }: SaveDraftInput) => api.updateChange(id, body),
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.changes.detail(detail.id), detail);
      if (detail.status === "DRAFT") qc.setQueryData(queryKeys.changes.draft(), detail);
      void qc.invalidateQueries({ queryKey: queryKeys.changes.list() });
    },
  });
}
