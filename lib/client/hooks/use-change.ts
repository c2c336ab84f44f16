"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useChange(id: string) {
  return useQuery({ queryKey: queryKeys.changes.detail(id), queryFn: () => api.change(id), refetchInterval: 3_000 });
}
