"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../endpoints.ts";

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.logout(),
    onSettled: () => qc.clear(),
  });
}
