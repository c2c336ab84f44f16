"use client";
import { memo } from "react";
import type { RegistryInstanceView } from "@/lib/core/api/index.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { Time } from "@/components/ui/time.tsx";

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

const every = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

function CheckLine({ check }: { check: RegistryInstanceView["checks"][number] }) {
  const what =
    check.kind === "ttl"
      ? `TTL ${every(check.ttlMs ?? 0)}`
      : `${check.kind.toUpperCase()} ${check.target} every ${every(check.intervalMs)}`;
  return (
    <li data-testid={`check-${check.id}`} data-status={check.status}>
      <Badge value={check.status} testId="check-status" /> <strong>{check.name}</strong>{" "}
      <span className="muted small">
        {what}
        {check.deregisterAfterMs ? ` · deregister after ${every(check.deregisterAfterMs)} critical` : ""}
      </span>
      {check.output ? (
        <pre className="small" data-testid="check-output">
          {check.output}
        </pre>
      ) : null}
    </li>
  );
}

/**
 * What a row shows of an instance. Every check run moves `lastRunAt` (and with it the instance object), though the
 * row does not show it: comparing what is shown lets a table of thousands of instances, refetched every second,
 * re-render only the rows whose health, checks' output or labels changed.
 */
export function rowSignature(i: RegistryInstanceView): string {
  return JSON.stringify([
    i.service,
    i.address,
    i.port,
    i.versions,
    i.labels,
    i.health,
    i.source,
    i.tokenName,
    i.registeredAt,
    i.checks.map((c) => [
      c.id,
      c.name,
      c.kind,
      c.target,
      c.intervalMs,
      c.ttlMs,
      c.deregisterAfterMs,
      c.status,
      c.output,
    ]),
  ]);
}

type RowProps = { instance: RegistryInstanceView; onDeregister?: (id: string) => void };

const sameRow = (a: RowProps, b: RowProps) =>
  a.onDeregister === b.onDeregister &&
  (a.instance === b.instance || rowSignature(a.instance) === rowSignature(b.instance));

/** One instance, re-rendered only when what it shows changed (`onDeregister` must be stable). */
const InstanceRow = memo(function InstanceRow({ instance: i, onDeregister }: RowProps) {
  return (
    <tr data-testid={`instance-row-${i.id}`} data-health={i.health}>
      <td>{i.service}</td>
      <td>
        <code>{i.id}</code>
      </td>
      <td className="num">
        {i.address}:{i.port}
      </td>
      <td>{i.versions.length ? i.versions.join(", ") : <span className="text-warn">none selects it</span>}</td>
      <td className="small">{labelText(i.labels) || <span className="muted">—</span>}</td>
      <td>
        <Badge value={i.health} testId="instance-health" />
      </td>
      <td>
        {i.checks.length === 0 ? (
          <span className="muted">no checks</span>
        ) : (
          <ul className="plain">
            {i.checks.map((c) => (
              <CheckLine key={c.id} check={c} />
            ))}
          </ul>
        )}
      </td>
      <td className="small">
        {i.source === "consul" ? "Consul API" : i.source === "cli" ? "CLI" : "API"}
        {i.tokenName ? ` · token ${i.tokenName}` : " · admin"}
        <br />
        <Time iso={i.registeredAt} />
      </td>
      {onDeregister ? (
        <td>
          <button
            type="button"
            className="danger small"
            onClick={() => onDeregister(i.id)}
            data-testid={`deregister-${i.id}`}
          >
            Deregister
          </button>
        </td>
      ) : null}
    </tr>
  );
}, sameRow);

/** Every registered instance by service: address, the versions that select it, labels, health, checks, source. */
export function RegistryInstances({
  instances,
  onDeregister,
}: {
  instances: RegistryInstanceView[];
  /** Admins only: deregister an instance. */
  onDeregister?: (id: string) => void;
}) {
  if (instances.length === 0)
    return (
      <p className="muted" data-testid="registry-empty">
        No instance is registered. Instances register through the Consul-compatible API (see the README) or{" "}
        <code>signalbox registry register</code>.
      </p>
    );
  return (
    <table className="dense" data-testid="registry-table">
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Instance</th>
          <th scope="col">Address</th>
          <th scope="col">Versions</th>
          <th scope="col">Labels</th>
          <th scope="col">Health</th>
          <th scope="col">Checks</th>
          <th scope="col">Registered by</th>
          {onDeregister ? <th scope="col">Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {instances.map((i) => (
          <InstanceRow key={i.id} instance={i} onDeregister={onDeregister} />
        ))}
      </tbody>
    </table>
  );
}
