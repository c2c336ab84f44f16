"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useCa() {
  return useQuery({ queryKey: queryKeys.security.ca(), queryFn: () => call(operations.getCa) });
}

export function useRotateCaRoot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(operations.rotateCaRoot),
    onSuccess: (data) => qc.setQueryData(queryKeys.security.ca(), data),
  });
}

export function useRetireCaRoot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.retireCaRoot, { params: { id } }),
    onSuccess: (data) => qc.setQueryData(queryKeys.security.ca(), data),
  });
}
