"use client";
import { useQuery } from "@tanstack/react-query";
import { interopApi, interopKeys } from "../interop.ts";

/** The OpenAPI document; it only changes with a deploy. */
export function useOpenApi() {
  return useQuery({ queryKey: interopKeys.openapi(), queryFn: interopApi.openapi, staleTime: Infinity });
}
