"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useRunningMesh() {
  return useQuery({ queryKey: queryKeys.mesh(), queryFn: api.runningMesh, refetchInterval: 10_000 });
}
