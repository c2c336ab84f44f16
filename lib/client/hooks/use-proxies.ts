"use client";
import { useQuery } from "@tanstack/react-query";
import { operations, type ProxyListResponse } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/**
 * Every 250 ms, and every 100 ms while a proxy is syncing (at most 10 s after a publish): an ACK is visible through
 * the API ~0.4 s after the approval (bench:fanout, 200 proxies), so the page shows it within ~0.5 s without
 * polling fast the rest of the time.
 */
export const proxiesRefetchMs = (data: ProxyListResponse | undefined): number =>
  data?.proxies.some((p) => p.state === "syncing") ? 100 : 250;

export function useProxies() {
  return useQuery({
    queryKey: queryKeys.proxies(),
    queryFn: () => call(operations.listProxies),
    refetchInterval: (query) => proxiesRefetchMs(query.state.data),
  });
}
