"use client";
import { useQuery } from "@tanstack/react-query";
import { EndpointHealthResponseSchema } from "@/lib/core/api/index.ts";
import { requestJson } from "../api.ts";

export const endpointHealthKey = ["endpoint-health"] as const;

/** What each proxy last said about its endpoints (outlier ejections, failed health checks). */
export function useEndpointHealth() {
  return useQuery({
    queryKey: endpointHealthKey,
    queryFn: () => requestJson("/api/endpoints/health", EndpointHealthResponseSchema),
    refetchInterval: 2_000,
  });
}
