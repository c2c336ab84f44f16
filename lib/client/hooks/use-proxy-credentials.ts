"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { operations, type CreateProxyCredentialRequest } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** Admins only: the server answers 403 to anyone else, so the page renders its user only for admins. */
export function useProxyCredentials() {
  return useQuery({ queryKey: queryKeys.proxyCredentials(), queryFn: () => call(operations.listProxyCredentials) });
}

/** The secret is in the mutation's result only; it is never put into the query cache. */
export function useCreateProxyCredential() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProxyCredentialRequest) => call(operations.createProxyCredential, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.proxyCredentials() }),
  });
}

export function useRevokeProxyCredential() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.revokeProxyCredential, { params: { id } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.proxyCredentials() }),
  });
}
