"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type MetricsGroupBy } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useMetrics(groupBy: MetricsGroupBy, window = 120) {
  return useQuery({
    queryKey: queryKeys.metrics(window, groupBy),
    queryFn: () => api.metrics(window, groupBy),
    refetchInterval: 1_000,
    placeholderData: keepPreviousData,
  });
}
