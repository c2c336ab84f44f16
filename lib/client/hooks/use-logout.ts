"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(operations.logout),
    onSettled: () => qc.clear(),
  });
}
