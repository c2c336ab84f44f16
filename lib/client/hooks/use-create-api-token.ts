"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations, type Role } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** The secret is in the mutation's result only; it is never put into the query cache. */
export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; role?: Role; expiresAt?: string | null }) =>
      call(operations.createToken, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.tokens() }),
  });
}
