"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

interface DecisionInput {
  id: string;
  decision: "approve" | "reject";
  note: string;
}

const decisionOperation = { approve: operations.approveChange, reject: operations.rejectChange };

/** Approve or reject someone else's pending change (approver role). */
export function useDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: DecisionInput) =>
      call(decisionOperation[decision], { params: { id }, body: { note } }),
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.changes.detail(detail.id), detail);
      void qc.invalidateQueries({ queryKey: queryKeys.changes.all() });
      void qc.invalidateQueries({ queryKey: queryKeys.mesh() });
      void qc.invalidateQueries({ queryKey: queryKeys.versions() });
      void qc.invalidateQueries({ queryKey: queryKeys.proxies() });
    },
  });
}
