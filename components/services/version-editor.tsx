"use client";
import type { Version } from "@/lib/core/index.ts";
import { useEndpointHealth } from "@/lib/client/hooks/use-endpoint-health.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { endpointHealthIndex, endpointKey } from "@/components/health/health-index.ts";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { EndpointRow } from "./endpoint-row.tsx";
import { formatLabels, parseLabels } from "./labels.ts";

export function VersionEditor({
  si,
  vi,
  version,
  serviceName,
}: {
  si: number;
  vi: number;
  version: Version;
  serviceName: string;
}) {
  const { update, issues, readOnly } = useDraftEditor();
  const path = ["services", si, "versions", vi];
  const id = `svc-${serviceName}-ver-${vi}`;
  const labels = formatLabels(version.labels);
  const health = endpointHealthIndex(useEndpointHealth().data);
  const cluster = `${serviceName}/${version.name}`;
  return (
    <fieldset className="version-editor" data-testid={`version-${serviceName}-${version.name}`}>
      <legend>Version {version.name}</legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={version.name}
            disabled={readOnly}
            onChange={(e) =>
              update((m) => void (m.services[si]!.versions[vi]!.name = e.target.value), `vname:${si}:${vi}`)
            }
          />
          <FieldIssues issues={issues} path={[...path, "name"]} />
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-labels`}>Labels (key=value, comma-separated)</label>
          <CommitInput
            key={labels}
            id={`${id}-labels`}
            value={labels}
            disabled={readOnly}
            onCommit={(t) => update((m) => void (m.services[si]!.versions[vi]!.labels = parseLabels(t)))}
          />
          <FieldIssues issues={issues} path={[...path, "labels"]} deep />
        </div>
        {readOnly ? null : (
          <button
            type="button"
            className="small danger"
            onClick={() => update((m) => void m.services[si]!.versions.splice(vi, 1))}
          >
            Remove version
          </button>
        )}
      </div>
      <table className="dense">
        <caption className="sr-only">Endpoints of {version.name}</caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Port</th>
            <th scope="col">LB weight</th>
            <th scope="col" title="What the proxies last reported: outlier ejections and failed active health checks">
              Health
            </th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {version.endpoints.map((ep, ei) => (
            <EndpointRow
              key={ei}
              si={si}
              vi={vi}
              ei={ei}
              endpoint={ep}
              idPrefix={id}
              health={health.get(endpointKey(cluster, ep.address, ep.port))}
            />
          ))}
        </tbody>
      </table>
      <FieldIssues issues={issues} path={[...path, "endpoints"]} />
      {readOnly ? null : (
        <button
          type="button"
          className="small"
          data-testid={`${id}-add-endpoint`}
          onClick={() =>
            update(
              (m) => void m.services[si]!.versions[vi]!.endpoints.push({ address: "127.0.0.1", port: 8080, weight: 1 }),
            )
          }
        >
          Add endpoint
        </button>
      )}
    </fieldset>
  );
}
