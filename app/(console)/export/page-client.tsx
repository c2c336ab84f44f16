"use client";
import { useState } from "react";
import type { ExportSelection } from "@/lib/core/api/index.ts";
import { useChange } from "@/lib/client/hooks/use-change.ts";
import { useChanges } from "@/lib/client/hooks/use-changes.ts";
import { exportDownloadUrl, useExportYaml } from "@/lib/client/hooks/use-export-yaml.ts";
import { useRunningMesh } from "@/lib/client/hooks/use-running-mesh.ts";
import { useVersions } from "@/lib/client/hooks/use-versions.ts";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { formatTime } from "@/components/ui/time.tsx";

/** The source select's value: the running config, a version (`v:3`) or a change (`c:<id>`). */
function sourceValue(p: ExportSelection): string {
  return p.change !== undefined ? `c:${p.change}` : p.version !== undefined ? `v:${p.version}` : "";
}

function fromSource(value: string): Pick<ExportSelection, "version" | "change"> {
  if (value.startsWith("v:")) return { version: Number(value.slice(2)) };
  if (value.startsWith("c:")) return { change: value.slice(2) };
  return {};
}

export function ExportPageClient({ initial }: { initial: ExportSelection }) {
  const [format, setFormat] = useState<ExportSelection["format"]>(initial.format);
  const [source, setSource] = useState(() => sourceValue(initial));
  const [service, setService] = useState<string | undefined>(initial.service);
  const params: ExportSelection = { format, ...fromSource(source), service };
  const versions = useVersions();
  const changes = useChanges();
  const running = useRunningMesh();
  const change = useChange(params.change);
  const yaml = useExportYaml(params);
  // A change may add or remove services: offer the ones of what is being exported.
  const services =
    (params.change !== undefined ? change.data?.proposed.services : running.data?.mesh.services)?.map((s) => s.name) ??
    [];
  if (service !== undefined && !services.includes(service)) services.push(service);
  const openChanges = (changes.data?.changes ?? []).filter(
    (c) => c.status === "DRAFT" || c.status === "PENDING" || c.id === params.change,
  );
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
              <input
                type="radio"
                id={`format-${f}`}
                name="format"
                checked={format === f}
                onChange={() => setFormat(f)}
                data-testid={`format-${f}`}
              />
              <label htmlFor={`format-${f}`}>{label}</label>
            </span>
          ))}
        </fieldset>
        <label htmlFor="export-version">Config</label>
        <select
          id="export-version"
          value={source}
          onChange={(e) => setSource(e.target.value)}
          data-testid="export-version"
        >
          <option value="">Running (latest)</option>
          <optgroup label="Versions">
            {versions.data?.versions.map((v) => (
              <option key={v.version} value={`v:${v.version}`}>
                v{v.version} · {v.changeTitle ?? "initial"} · {formatTime(v.createdAt)}
              </option>
            ))}
          </optgroup>
          {openChanges.length > 0 || params.change !== undefined ? (
            <optgroup label="Changes (as proposed)">
              {openChanges.map((c) => (
                <option key={c.id} value={`c:${c.id}`}>
                  {c.title} · {c.status.toLowerCase()} · {c.author.username}
                </option>
              ))}
              {params.change !== undefined && !openChanges.some((c) => c.id === params.change) ? (
                <option value={`c:${params.change}`}>change {params.change}</option>
              ) : null}
            </optgroup>
          ) : null}
        </select>
        <label htmlFor="export-service">Service</label>
        <select
          id="export-service"
          value={service ?? ""}
          onChange={(e) => setService(e.target.value || undefined)}
          data-testid="export-service"
        >
          <option value="">All services</option>
          {services.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <a className="button primary" href={exportDownloadUrl(params)} download data-testid="export-download">
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
