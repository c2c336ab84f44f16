"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations, type LoginRequest } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => call(operations.login, { body }),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(queryKeys.me(), me);
    },
  });
}
