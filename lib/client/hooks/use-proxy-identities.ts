"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useProxyIdentities() {
  return useQuery({
    queryKey: queryKeys.security.identities(),
    queryFn: () => call(operations.listProxyIdentities),
    refetchInterval: 5_000,
  });
}

export function useRevokeProxyIdentity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(operations.revokeProxyIdentity, { params: { id } }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.security.identities() }),
  });
}
