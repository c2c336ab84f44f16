"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { operations, type IssueTlsSecretRequest, type UploadTlsSecretRequest } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useTlsSecrets() {
  return useQuery({ queryKey: queryKeys.security.certificates(), queryFn: () => call(operations.listTlsSecrets) });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: queryKeys.security.certificates() });
}

/** The key goes to the server once and is never read back. */
export function useUploadTlsSecret() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: UploadTlsSecretRequest) => call(operations.uploadTlsSecret, { body }),
    onSuccess: invalidate,
  });
}

export function useIssueTlsSecret() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: IssueTlsSecretRequest) => call(operations.issueTlsSecret, { body }),
    onSuccess: invalidate,
  });
}

export function useDeleteTlsSecret() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => call(operations.deleteTlsSecret, { params: { id } }),
    onSettled: invalidate,
  });
}
