"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/core/api/index.ts";
import { interopApi, interopKeys } from "../interop.ts";

/** The secret is in the mutation's result only; it is never put into the query cache. */
export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role?: Role }) => interopApi.createToken(input),
    onSuccess: () => void qc.invalidateQueries({ queryKey: interopKeys.tokens() }),
  });
}
