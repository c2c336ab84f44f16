"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useChanges() {
  return useQuery({ queryKey: queryKeys.changes.list(), queryFn: api.changes, refetchInterval: 5_000 });
}
