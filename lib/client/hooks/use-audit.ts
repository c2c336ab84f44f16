"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useAudit(limit = 100) {
  return useQuery({ queryKey: queryKeys.audit(limit), queryFn: () => api.audit(limit), refetchInterval: 5_000 });
}
