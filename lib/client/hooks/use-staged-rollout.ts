"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { API_ERRORS, operations, type StagedRollout } from "@/lib/core/api/index.ts";
import type { RolloutPlanInput } from "@/lib/core/rollout/index.ts";
import { call, isApiClientError } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** The staged rollout of a version, live (null when it went out all at once). */
export function useStagedRollout(version: number | null) {
  return useQuery({
    queryKey: queryKeys.rollouts.version(version ?? 0),
    enabled: version !== null,
    queryFn: async (): Promise<StagedRollout | null> => {
      try {
        return await call(operations.getRollout, { params: { version: version! } });
      } catch (e) {
        if (isApiClientError(e) && e.code === API_ERRORS.NOT_FOUND.code) return null;
        throw e;
      }
    },
    refetchInterval: 1_000,
  });
}

/** The default plan approvals use (the console setting, else SIGNALBOX_ROLLOUT_PLAN) and recent staged rollouts. */
export function useRollouts() {
  return useQuery({ queryKey: queryKeys.rollouts.all(), queryFn: () => call(operations.listRollouts) });
}

export function useRolloutAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ version, action, note }: { version: number; action: "resume" | "abort"; note: string }) =>
      call(action === "resume" ? operations.resumeRollout : operations.abortRollout, {
        params: { version },
        body: { note },
      }),
    onSuccess: (r) => {
      qc.setQueryData(queryKeys.rollouts.version(r.version), r);
      void qc.invalidateQueries({ queryKey: queryKeys.rollouts.all() });
      void qc.invalidateQueries({ queryKey: queryKeys.mesh() });
      void qc.invalidateQueries({ queryKey: queryKeys.versions() });
    },
  });
}

export function useSetProxyLabels() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, labels }: { id: string; labels: Record<string, string> }) =>
      call(operations.setProxyLabels, { params: { id }, body: { labels } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.proxies() }),
  });
}

/** An admin saves the console's default rollout plan. */
export function useSetDefaultRolloutPlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (plan: RolloutPlanInput) => call(operations.setDefaultRolloutPlan, { body: { plan } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.rollouts.all() }),
  });
}
