"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { operations, type ImportRequestSchema, type ImportResponse } from "@/lib/core/api/index.ts";
import { exchange } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** The import's outcome: 200 checked, 201 draft change created, 422 not clean (same body, ok=false). */
export interface ImportOutcome {
  status: number;
  result: ImportResponse;
}

/**
 * A dry run (Check) or the real thing, which creates a draft change. A 422 is an answer, not a failure:
 * its body is the report.
 */
export function useImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: z.input<typeof ImportRequestSchema>): Promise<ImportOutcome> => {
      const { status, data } = await exchange(operations.importYaml, { body, acceptStatus: [422] });
      return { status, result: data };
    },
    onSuccess: (outcome) => {
      if (outcome.result.changeId) void qc.invalidateQueries({ queryKey: queryKeys.changes.all() });
    },
  });
}
