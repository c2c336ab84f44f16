"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useAudit(limit = 100) {
  return useQuery({
    queryKey: queryKeys.audit(limit),
    queryFn: () => call(operations.audit, { query: { limit } }),
    refetchInterval: 5_000,
  });
}
