"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** What each proxy last said about its endpoints (outlier ejections, failed health checks). */
export function useEndpointHealth() {
  return useQuery({
    queryKey: queryKeys.endpointHealth(),
    queryFn: () => call(operations.endpointHealth),
    refetchInterval: 2_000,
  });
}
