"use client";
import { useMutation } from "@tanstack/react-query";
import type { z } from "zod";
import { operations, type SimulateRequestSchema } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";

/** POST /api/simulate: nothing is stored, so nothing is invalidated. */
export function useSimulate() {
  return useMutation({
    mutationFn: (body: z.input<typeof SimulateRequestSchema>) => call(operations.simulate, { body }),
  });
}
