"use client";
import { useQuery } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** The OpenAPI document; it only changes with a deploy. */
export function useOpenApi() {
  return useQuery({ queryKey: queryKeys.openapi(), queryFn: () => call(operations.openapi), staleTime: Infinity });
}
