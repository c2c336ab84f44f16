"use client";
import { removeEndpoint, setEndpoint, type EndpointAt } from "@/lib/core/draft/index.ts";
import type { Endpoint } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import type { Path } from "@/components/draft/issues.ts";
import { verdictText, type EndpointVerdict } from "@/components/health/health-index.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";
import { IntInput } from "@/components/ui/int-input.tsx";

interface Props {
  at: EndpointAt;
  /** Where the server's issues about this endpoint point. */
  path: Path;
  endpoint: Endpoint;
  idPrefix: string;
  /** What the proxies report about this endpoint; undefined when none does (not running yet). */
  health: EndpointVerdict | undefined;
}

export function EndpointRow({ at, path, endpoint, idPrefix, health }: Props) {
  const { edit, mesh, issues, readOnly } = useDraftEditor();
  const ei = at.endpoint;
  const id = `${idPrefix}-ep-${ei}`;
  const set = (patch: Partial<Endpoint>) => edit(setEndpoint(mesh, at, patch), `${id}:${Object.keys(patch).join()}`);
  return (
    <tr data-testid={id}>
      <td>
        <label className="sr-only" htmlFor={`${id}-address`}>
          Endpoint {ei + 1} address
        </label>
        <input
          id={`${id}-address`}
          value={endpoint.address}
          disabled={readOnly}
          onChange={(e) => set({ address: e.target.value })}
        />
        <FieldIssues issues={issues} path={[...path, "address"]} />
      </td>
      <td>
        <IntInput
          id={`${id}-port`}
          label={`Endpoint ${ei + 1} port`}
          hideLabel
          min={1}
          max={65535}
          value={endpoint.port}
          disabled={readOnly}
          onChange={(port) => set({ port })}
          issues={issues}
          path={[...path, "port"]}
        />
      </td>
      <td>
        <IntInput
          id={`${id}-weight`}
          label={`Endpoint ${ei + 1} weight`}
          hideLabel
          min={1}
          max={1000}
          value={endpoint.weight}
          disabled={readOnly}
          onChange={(weight) => set({ weight })}
          issues={issues}
          path={[...path, "weight"]}
        />
      </td>
      <td data-testid={`${id}-health`} data-state={health?.worst ?? "unknown"}>
        {health ? (
          <span title={verdictText(health)}>
            <Badge value={health.worst} />
          </span>
        ) : (
          <span className="muted" title="No proxy reports this endpoint: it is not in the running config yet">
            —
          </span>
        )}
      </td>
      <td>
        {readOnly ? null : (
          <button
            type="button"
            className="small"
            aria-label={`Remove endpoint ${endpoint.address}:${endpoint.port}`}
            onClick={() => edit(removeEndpoint(mesh, at))}
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
