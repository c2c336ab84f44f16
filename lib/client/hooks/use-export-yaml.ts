"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, type ExportParams } from "../endpoints.ts";
import { queryKeys } from "../query-keys.ts";

export function useExportYaml(params: ExportParams) {
  return useQuery({
    queryKey: queryKeys.exportYaml(params),
    queryFn: () => api.exportYaml(params),
    placeholderData: keepPreviousData,
  });
}
