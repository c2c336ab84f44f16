"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { operations, type CreateJoinTokenRequest } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useJoinTokens() {
  return useQuery({ queryKey: queryKeys.security.joinTokens(), queryFn: () => call(operations.listJoinTokens) });
}

/** The token is in the mutation's result only; it is never put into the query cache. */
export function useCreateJoinToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateJoinTokenRequest) => call(operations.createJoinToken, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.security.joinTokens() }),
  });
}

export function useRevokeJoinToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.revokeJoinToken, { params: { id } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.security.joinTokens() }),
  });
}
