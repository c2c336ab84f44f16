"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useChanges() {
  return useQuery({
    queryKey: queryKeys.changes.list(),
    queryFn: () => call(operations.listChanges),
    refetchInterval: 5_000,
  });
}
