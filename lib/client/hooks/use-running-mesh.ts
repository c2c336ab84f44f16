"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useRunningMesh() {
  return useQuery({
    queryKey: queryKeys.mesh(),
    queryFn: () => call(operations.runningMesh),
    refetchInterval: 10_000,
  });
}
