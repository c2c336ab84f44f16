"use client";
import { useState } from "react";
import {
  addDestination,
  removeDestination,
  setDestination,
  setDestinationHeaders,
  setDestinationPort,
  setWeight,
  sumWeights,
  type RuleAt,
} from "@/lib/core/draft/index.ts";
import type { Destination, ServicePort } from "@/lib/core/index.ts";
import { useDraftEditor } from "@/components/draft/draft-editor.tsx";
import { relativeIssues, type Path } from "@/components/draft/issues.ts";
import { HeaderOpsEditor } from "@/components/policy/header-ops-editor.tsx";
import { toNumber } from "@/components/ui/commit-input.tsx";
import { ServiceOptions, VersionOptions } from "@/components/policy/target-options.tsx";
import { FieldIssues } from "@/components/ui/field-issues.tsx";

interface Props {
  at: RuleAt & { rule: number };
  /** Where the server's issues about these destinations point. */
  path: Path;
  destinations: Destination[];
}

/** Weighted destinations of one rule. With "keep 100%" on, moving one weight rebalances the others proportionally. */
export function DestinationsEditor({ at, path, destinations }: Props) {
  const { edit, issues, readOnly, mesh } = useDraftEditor();
  const [keep100, setKeep100] = useState(true);
  const id = `dest-${at.route}-${at.rule}`;
  const total = sumWeights(destinations.map((d) => d.weight));

  const setShare = (destination: number, w: number) =>
    edit(setWeight(mesh, { ...at, destination }, w, { rebalance: keep100 }), `w:${at.route}:${at.rule}:${destination}`);
  const setTarget = (destination: number, target: { service?: string; version?: string }) =>
    edit(setDestination(mesh, { ...at, destination }, target));

  return (
    <fieldset className="destinations" data-testid={`destinations-${at.route}-${at.rule}`}>
      <legend>Destinations</legend>
      <p className={total === 100 ? "muted small" : "text-bad small"} data-testid={`${id}-total`}>
        Total {total}%
      </p>
      <FieldIssues issues={issues} path={path} />
      {destinations.map((d, di) => {
        const rid = `${id}-${di}`;
        return (
          <div className="dest-row" key={di} data-testid={rid}>
            <label className="sr-only" htmlFor={`${rid}-service`}>
              Service
            </label>
            <select
              id={`${rid}-service`}
              value={d.service}
              disabled={readOnly}
              onChange={(e) => setTarget(di, { service: e.target.value })}
            >
              <ServiceOptions services={mesh.services} current={d.service} />
            </select>
            <label className="sr-only" htmlFor={`${rid}-version`}>
              Version
            </label>
            <select
              id={`${rid}-version`}
              value={d.version}
              disabled={readOnly}
              onChange={(e) => setTarget(di, { version: e.target.value })}
            >
              <VersionOptions services={mesh.services} service={d.service} current={d.version} />
            </select>
            <PortSelect
              id={`${rid}-port`}
              ports={mesh.services.find((s) => s.name === d.service)?.ports ?? []}
              value={d.port}
              disabled={readOnly}
              onChange={(port) => edit(setDestinationPort(mesh, { ...at, destination: di }, port))}
            />
            <label className="sr-only" htmlFor={`${rid}-slider`}>
              Weight of {d.service} {d.version} (slider)
            </label>
            <input
              id={`${rid}-slider`}
              type="range"
              min={0}
              max={100}
              step={1}
              value={Math.max(0, Math.min(100, d.weight))}
              disabled={readOnly}
              onChange={(e) => setShare(di, Number(e.target.value))}
              data-testid={`${rid}-slider`}
            />
            <label className="sr-only" htmlFor={`${rid}-weight`}>
              Weight of {d.service} {d.version} in percent
            </label>
            <input
              id={`${rid}-weight`}
              className="num"
              type="number"
              step={1}
              value={d.weight}
              disabled={readOnly}
              onChange={(e) => setShare(di, toNumber(e.target.value))}
              data-testid={`${rid}-weight`}
              aria-invalid={total !== 100 || undefined}
            />
            <span aria-hidden="true">%</span>
            {readOnly ? null : (
              <button
                type="button"
                className="small"
                aria-label={`Remove destination ${d.service} ${d.version}`}
                onClick={() => edit(removeDestination(mesh, { ...at, destination: di }))}
              >
                Remove
              </button>
            )}
            <FieldIssues issues={issues} path={[...path, di]} deep />
            <details className="dest-headers" open={Boolean(d.requestHeaders || d.responseHeaders)}>
              <summary className="muted small">Headers for this destination only</summary>
              {(["request", "response"] as const).map((direction) => {
                const key = direction === "request" ? "requestHeaders" : "responseHeaders";
                return (
                  <HeaderOpsEditor
                    key={direction}
                    direction={direction}
                    idPrefix={`${rid}-${direction}-headers`}
                    value={d[key]}
                    onChange={(ops, k) =>
                      edit(
                        setDestinationHeaders(mesh, { ...at, destination: di }, direction, ops),
                        k && `dh:${at.route}:${at.rule}:${di}:${direction}:${k}`,
                      )
                    }
                    issues={relativeIssues(issues, [...path, di, key])}
                    disabled={readOnly}
                  />
                );
              })}
            </details>
          </div>
        );
      })}
      {readOnly ? null : (
        <div className="row-actions">
          <button
            type="button"
            className="small"
            data-testid={`${id}-add`}
            onClick={() => edit(addDestination(mesh, at))}
          >
            Add destination
          </button>
          <span className="checkbox">
            <input
              id={`${id}-keep100`}
              type="checkbox"
              checked={keep100}
              onChange={(e) => setKeep100(e.target.checked)}
              data-testid={`${id}-keep100`}
            />
            <label htmlFor={`${id}-keep100`}>Keep total at 100% (rebalance the others)</label>
          </span>
        </div>
      )}
    </fieldset>
  );
}

/**
 * The service port a destination names, shown when the service has ports: its protocol (HTTP, HTTP2, GRPC) is the
 * one the proxies speak to the endpoints. "First port" leaves it to the service's first port.
 */
function PortSelect(props: {
  id: string;
  ports: readonly ServicePort[];
  value: number | undefined;
  disabled: boolean;
  onChange(port: number | undefined): void;
}) {
  const { id, ports, value, disabled, onChange } = props;
  if (ports.length === 0 && value === undefined) return null;
  return (
    <>
      <label className="sr-only" htmlFor={id}>
        Port
      </label>
      <select
        id={id}
        value={value === undefined ? "" : String(value)}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
        data-testid={id}
      >
        <option value="">first port</option>
        {ports.map((p) => (
          <option key={p.number} value={String(p.number)}>
            {p.name} {p.number} ({p.protocol})
          </option>
        ))}
        {value !== undefined && !ports.some((p) => p.number === value) ? (
          <option value={String(value)}>{value} (not a port of the service)</option>
        ) : null}
      </select>
    </>
  );
}
