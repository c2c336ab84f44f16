"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import type { RolloutPlanInput } from "@/lib/core/rollout/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

interface DecisionInput {
  id: string;
  decision: "approve" | "reject";
  note: string;
  /** How an approved version reaches the fleet; absent: the console's default plan. */
  rollout?: RolloutPlanInput;
}

/** Approve or reject someone else's pending change (approver role). */
export function useDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note, rollout }: DecisionInput) =>
      decision === "approve"
        ? call(operations.approveChange, { params: { id }, body: { note, rollout } })
        : call(operations.rejectChange, { params: { id }, body: { note } }),
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.changes.detail(detail.id), detail);
      void qc.invalidateQueries({ queryKey: queryKeys.changes.all() });
      void qc.invalidateQueries({ queryKey: queryKeys.mesh() });
      void qc.invalidateQueries({ queryKey: queryKeys.versions() });
      void qc.invalidateQueries({ queryKey: queryKeys.proxies() });
    },
  });
}
