"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { LoginRequest } from "@/lib/core/api/index.ts";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => api.login(body),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(queryKeys.me(), me);
    },
  });
}
