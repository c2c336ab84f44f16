"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useDiscardChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.discardChange, { params: { id } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.changes.draft() });
      void qc.invalidateQueries({ queryKey: queryKeys.changes.all() });
    },
  });
}
