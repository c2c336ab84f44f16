"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** DRAFT → PENDING (author only). */
export function useSubmitChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.submitChange, { params: { id } }),
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.changes.detail(detail.id), detail);
      void qc.invalidateQueries({ queryKey: queryKeys.changes.draft() });
      void qc.invalidateQueries({ queryKey: queryKeys.changes.all() });
    },
  });
}
