"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useDiscardChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.discardChange(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.changes.draft() });
      void qc.invalidateQueries({ queryKey: queryKeys.changes.all() });
    },
  });
}
