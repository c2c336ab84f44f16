"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useVersions() {
  return useQuery({ queryKey: queryKeys.versions(), queryFn: api.versions, refetchInterval: 10_000 });
}
