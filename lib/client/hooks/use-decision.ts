"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export interface DecisionInput {
  id: string;
  decision: "approve" | "reject";
  note: string;
}

/** Approve or reject someone else's pending change (approver role). */
export function useDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: DecisionInput) => api.decideChange(id, decision, { note }),
    onSuccess: (detail) => {
      qc.setQueryData(queryKeys.changes.detail(detail.id), detail);
      void qc.invalidateQueries({ queryKey: queryKeys.changes.all() });
      void qc.invalidateQueries({ queryKey: queryKeys.mesh() });
      void qc.invalidateQueries({ queryKey: queryKeys.versions() });
      void qc.invalidateQueries({ queryKey: queryKeys.proxies() });
    },
  });
}
