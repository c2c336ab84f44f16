"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** Live while the page is open: the fleet's ACKs and NACKs arrive within a refresh. */
export function useChangeRollout(id: string) {
  return useQuery({
    queryKey: queryKeys.changes.rollout(id),
    queryFn: () => call(operations.changeRollout, { params: { id } }),
    refetchInterval: 1_000,
  });
}
