"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { operations, type CanaryView } from "@/lib/core/api/index.ts";
import type { CanarySpecInput } from "@/lib/core/canary/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useCanaries() {
  return useQuery({
    queryKey: queryKeys.canaries.all(),
    queryFn: () => call(operations.listCanaries),
    refetchInterval: 1_000,
  });
}

export function useCreateCanary() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (spec: CanarySpecInput) => call(operations.createCanary, { body: spec }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.canaries.all() }),
  });
}

export type CanaryAction = "approve" | "pause" | "resume" | "promote" | "abort";
const ACTION_OPS = {
  approve: operations.approveCanary,
  pause: operations.pauseCanary,
  resume: operations.resumeCanary,
  promote: operations.promoteCanary,
  abort: operations.abortCanary,
} as const;

export function useCanaryAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: CanaryAction }): Promise<CanaryView> =>
      call(ACTION_OPS[action], { params: { id }, body: { note: "" } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.canaries.all() });
      void qc.invalidateQueries({ queryKey: queryKeys.mesh() });
      void qc.invalidateQueries({ queryKey: queryKeys.versions() });
    },
  });
}
