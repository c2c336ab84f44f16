"use client";
import { useState } from "react";
import { api, type ExportFormat, type ExportParams } from "@/lib/client/endpoints.ts";
import { useExportYaml } from "@/lib/client/hooks/use-export-yaml.ts";
import { useVersions } from "@/lib/client/hooks/use-versions.ts";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { formatTime } from "@/components/ui/time.tsx";

export function ExportPageClient({ initial }: { initial: ExportParams }) {
  const [format, setFormat] = useState<ExportFormat>(initial.format);
  const [version, setVersion] = useState<number | undefined>(initial.version);
  const params: ExportParams = { format, version };
  const versions = useVersions();
  const yaml = useExportYaml(params);
  return (
    <>
      <PageHeader title="Export">
        <fieldset className="segmented">
          <legend className="sr-only">Format</legend>
          {(
            [
              ["istio", "Istio"],
              ["gateway-api", "Gateway API"],
            ] as const
          ).map(([f, label]) => (
            <span key={f}>
              <input type="radio" id={`format-${f}`} name="format" checked={format === f} onChange={() => setFormat(f)} data-testid={`format-${f}`} />
              <label htmlFor={`format-${f}`}>{label}</label>
            </span>
          ))}
        </fieldset>
        <label htmlFor="export-version">Version</label>
        <select id="export-version" value={version ?? ""} onChange={(e) => setVersion(e.target.value ? Number(e.target.value) : undefined)} data-testid="export-version">
          <option value="">Running (latest)</option>
          {versions.data?.versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version} · {v.changeTitle ?? "initial"} · {formatTime(v.createdAt)}
            </option>
          ))}
        </select>
        <a className="button primary" href={api.exportUrl(params, true)} download data-testid="export-download">
          Download YAML
        </a>
      </PageHeader>
      <QueryState isLoading={yaml.isLoading} error={yaml.error} label="the YAML">
        <pre className="yaml" data-testid="export-yaml" tabIndex={0} aria-label="Exported YAML">
          {yaml.data}
        </pre>
      </QueryState>
    </>
  );
}
