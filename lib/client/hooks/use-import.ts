"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "../query-keys.ts";
import { interopApi, type ImportInput } from "../interop.ts";

/** POST /api/import: a dry run (Check) or the real thing, which creates a draft change. */
export function useImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ImportInput) => interopApi.importYaml(input),
    onSuccess: (outcome) => {
      if (outcome.result.changeId) void qc.invalidateQueries({ queryKey: queryKeys.changes.all() });
    },
  });
}
