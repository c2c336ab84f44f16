"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** One change, polled; no request while `id` is undefined. */
export function useChange(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.changes.detail(id ?? ""),
    queryFn: () => call(operations.getChange, { params: { id: id! } }),
    refetchInterval: 3_000,
    enabled: id !== undefined,
  });
}
