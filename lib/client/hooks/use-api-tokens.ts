"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useApiTokens() {
  return useQuery({ queryKey: queryKeys.tokens(), queryFn: () => call(operations.listTokens) });
}
