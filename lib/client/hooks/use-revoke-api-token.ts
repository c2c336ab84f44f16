"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { interopApi, interopKeys } from "../interop.ts";

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => interopApi.revokeToken(id),
    onSettled: () => void qc.invalidateQueries({ queryKey: interopKeys.tokens() }),
  });
}
