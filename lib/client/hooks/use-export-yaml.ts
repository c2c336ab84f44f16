"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { operationUrl, operations, type ExportSelection } from "@/lib/core/api/index.ts";
import { call } from "../api.ts";
import { queryKeys } from "../query-keys.ts";

export function useExportYaml(selection: ExportSelection) {
  return useQuery({
    queryKey: queryKeys.exportYaml(selection),
    queryFn: () => call(operations.exportYaml, { query: selection }),
    placeholderData: keepPreviousData,
  });
}

/** The link that downloads the same YAML as a file (the server adds content-disposition). */
export const exportDownloadUrl = (selection: ExportSelection): string =>
  operationUrl(operations.exportYaml, { query: { ...selection, download: "1" } });
