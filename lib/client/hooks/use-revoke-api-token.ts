"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.revokeToken, { params: { id } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}
