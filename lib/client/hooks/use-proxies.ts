"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useProxies() {
  return useQuery({
    queryKey: queryKeys.proxies(),
    queryFn: () => call(operations.listProxies),
    refetchInterval: 2_000,
  });
}
