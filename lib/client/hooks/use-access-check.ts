"use client";
import { useMutation } from "@tanstack/react-query";
import { operations, type AccessCheckRequestInput } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";

/** POST /api/access/check: a dry run, nothing stored, nothing invalidated. */
export function useAccessCheck() {
  return useMutation({ mutationFn: (body: AccessCheckRequestInput) => call(operations.accessCheck, { body }) });
}
