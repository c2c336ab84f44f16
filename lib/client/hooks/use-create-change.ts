"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { MeshConfig } from "@/lib/core/index.ts";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useCreateChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; description?: string; proposed?: MeshConfig }) => api.createChange(body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.changes.all() }),
  });
}
