"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** The signed-in user; a 401 makes the providers redirect to /login. */
export function useMe() {
  return useQuery({ queryKey: queryKeys.me(), queryFn: () => call(operations.me), staleTime: 60_000, retry: false });
}
