"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** The caller's open draft (the server creates one from the running config when none exists). Editors only. */
export function useDraft(enabled = true) {
  return useQuery({
    queryKey: queryKeys.changes.draft(),
    queryFn: () => call(operations.currentDraft),
    enabled,
    staleTime: 5_000,
  });
}
