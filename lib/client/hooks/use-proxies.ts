"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useProxies() {
  return useQuery({
    queryKey: queryKeys.proxies(),
    queryFn: () => call(operations.listProxies),
    // ACKs are written within 50 ms (lib/server/xds/node-reports.ts); polling at 250 ms shows them within 0.5 s.
    refetchInterval: 250,
  });
}
