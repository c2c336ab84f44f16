"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useVersions() {
  return useQuery({
    queryKey: queryKeys.versions(),
    queryFn: () => call(operations.listVersions),
    refetchInterval: 10_000,
  });
}
