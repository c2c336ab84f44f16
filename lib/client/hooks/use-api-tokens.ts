"use client";
import { useQuery } from "@tanstack/react-query";
import { interopApi, interopKeys } from "../interop.ts";

export function useApiTokens() {
  return useQuery({ queryKey: interopKeys.tokens(), queryFn: interopApi.tokens });
}
