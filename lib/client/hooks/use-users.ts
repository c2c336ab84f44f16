"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { operations, type CreateUserRequest, type UpdateUserRequest } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

/** Every user (admins only). */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: queryKeys.users(), queryFn: () => call(operations.listUsers), enabled });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserRequest) => call(operations.createUser, { body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.users() }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateUserRequest & { id: string }) =>
      call(operations.updateUser, { params: { id }, body }),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.users() }),
  });
}
