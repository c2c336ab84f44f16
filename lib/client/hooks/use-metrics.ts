"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { operations, type MetricsGroupBy } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** Refetches every `refetchMs` while the tab is visible (TanStack Query skips hidden tabs). */
export function useMetrics(groupBy: MetricsGroupBy, window = 120, refetchMs = 1_000) {
  return useQuery({
    queryKey: queryKeys.metrics(window, groupBy),
    queryFn: () => call(operations.metrics, { query: { window, groupBy } }),
    refetchInterval: refetchMs,
    placeholderData: keepPreviousData,
  });
}
