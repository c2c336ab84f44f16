"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

/** One change, polled; no request while `id` is undefined. */
export function useChange(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.changes.detail(id ?? ""),
    queryFn: () => api.change(id!),
    refetchInterval: 3_000,
    enabled: id !== undefined,
  });
}
