"use client";
import { useMutation } from "@tanstack/react-query";
import type { MeshConfig } from "@/lib/core/index.ts";
import { api } from "../endpoints.ts";

/** Dry-run validation (issues + diff) of a proposed mesh; nothing is stored. */
export function useValidate() {
  return useMutation({ mutationKey: ["validate"], mutationFn: (proposed: MeshConfig) => api.validate(proposed) });
}
