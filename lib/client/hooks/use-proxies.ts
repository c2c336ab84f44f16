"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useProxies() {
  return useQuery({ queryKey: queryKeys.proxies(), queryFn: api.proxies, refetchInterval: 2_000 });
}
