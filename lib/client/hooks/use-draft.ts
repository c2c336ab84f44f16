"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

/** The caller's open draft (the server creates one from the running config when none exists). Editors only. */
export function useDraft(enabled = true) {
  return useQuery({ queryKey: queryKeys.changes.draft(), queryFn: api.draft, enabled, staleTime: 5_000 });
}
