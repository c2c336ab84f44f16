"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { operations, type MetricsGroupBy, type MetricsRange } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/**
 * Live series refresh every second, stored ranges (rows written every few seconds) every 10 s, or every `refetchMs`
 * when given; TanStack Query skips hidden tabs.
 */
export function useMetrics(groupBy: MetricsGroupBy, window = 120, range: MetricsRange = "live", refetchMs?: number) {
  return useQuery({
    queryKey: queryKeys.metrics(window, groupBy, range),
    queryFn: () => call(operations.metrics, { query: { window, groupBy, range } }),
    refetchInterval: refetchMs ?? (range === "live" ? 1_000 : 10_000),
    placeholderData: keepPreviousData,
  });
}
