"use client";
import { useState } from "react";
import {
  addEndpoint,
  removeVersion,
  renameVersion,
  setVersionLabels,
  versionNameFree,
  type VersionAt,
} from "@/lib/core/draft/index.ts";
import type { Version } from "@/lib/core/index.ts";
import { useEndpointHealth } from "@/lib/client/hooks/use-endpoint-health.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import type { Path } from "@/components/draft/issues.ts";
import { endpointHealthIndex, endpointKey } from "@/components/health/health-index.ts";
import { CommitInput } from "@/components/ui/commit-input.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { EndpointRow } from "./endpoint-row.tsx";
import { formatLabels, parseLabels } from "./labels.ts";

interface Props {
  at: VersionAt;
  /** Where the server's issues about this version point. */
  path: Path;
  idPrefix: string;
  version: Version;
}

/**
 * The version's name, renamed as it is typed. A name another version of the service has is refused (versions
 * are addressed by name): it stays in the field, marked, until the next edit, so typing on through a taken
 * name ("v1" on the way to "v10") works.
 */
function VersionNameField({ at, path, id }: { at: VersionAt; path: Path; id: string }) {
  const { edit, mesh, issues, readOnly, state } = useDraftEditor();
  const [refused, setRefused] = useState<{ text: string; revision: number } | null>(null);
  const taken = refused?.revision === state.revision ? refused.text : null;
  return (
    <div className="field">
      <label htmlFor={id}>Name</label>
      <input
        id={id}
        value={taken ?? at.version}
        disabled={readOnly}
        aria-invalid={taken !== null || undefined}
        onChange={(e) => {
          const text = e.target.value;
          const free = versionNameFree(mesh, at, text);
          setRefused(free ? null : { text, revision: state.revision });
          if (free) edit(renameVersion(mesh, at, text), id);
        }}
      />
      {taken !== null ? (
        <p className="text-bad small" role="alert">
          Another version of {at.service} is named &quot;{taken}&quot;.
        </p>
      ) : null}
      <FieldIssues issues={issues} path={[...path, "name"]} />
    </div>
  );
}

export function VersionEditor({ at, path, idPrefix: id, version }: Props) {
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const labels = formatLabels(version.labels);
  const health = endpointHealthIndex(useEndpointHealth().data);
  const cluster = `${at.service}/${version.name}`;
  return (
    <fieldset className="version-editor" data-testid={`version-${at.service}-${version.name}`}>
      <legend>Version {version.name}</legend>
      <div className="field-row">
        <VersionNameField at={at} path={path} id={`${id}-name`} />
        <div className="field grow">
          <label htmlFor={`${id}-labels`}>Labels (key=value, comma-separated)</label>
          <CommitInput
            key={labels}
            id={`${id}-labels`}
            value={labels}
            disabled={readOnly}
            onCommit={(t) => edit(setVersionLabels(mesh, at, parseLabels(t)))}
          />
          <FieldIssues issues={issues} path={[...path, "labels"]} deep />
        </div>
        {readOnly ? null : (
          <button type="button" className="small danger" onClick={() => edit(removeVersion(mesh, at))}>
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
              at={{ ...at, endpoint: ei }}
              path={[...path, "endpoints", ei]}
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
          onClick={() => edit(addEndpoint(mesh, at))}
        >
          Add endpoint
        </button>
      )}
    </fieldset>
  );
}
