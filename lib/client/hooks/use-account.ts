"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { operations, type ChangePasswordRequest, type SetupRequest } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useChangePassword() {
  return useMutation({ mutationFn: (body: ChangePasswordRequest) => call(operations.changePassword, { body }) });
}

/** Ends every session of the signed-in user, this one included. */
export function useSignOutEverywhere() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => call(operations.logoutEverywhere), onSettled: () => qc.clear() });
}

/** Creates the first admin with the setup token and signs them in. */
export function useSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SetupRequest) => call(operations.setup, { body }),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(queryKeys.me(), me);
    },
  });
}
