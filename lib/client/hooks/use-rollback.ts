"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** Creates a change that restores a version's config; it is reviewed like any other change. */
export function useRollback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => call(operations.rollback, { params: { version } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.changes.all() }),
  });
}
