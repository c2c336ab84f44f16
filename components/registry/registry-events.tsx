"use client";
import { useRegistryEvents } from "@/lib/client/hooks/use-registry.ts";
import { QueryState } from "@/components/ui/query-state.tsx";
import { Time } from "@/components/ui/time.tsx";

function summary(kind: string, detail: Record<string, unknown>): string {
  if (kind === "health") return `${String(detail.check)}: ${String(detail.from)} → ${String(detail.to)}`;
  if (kind === "register")
    return `${String(detail.address)}:${String(detail.port)}${detail.replaced ? " (re-registered)" : ""}`;
  return `${String(detail.address ?? "")}:${String(detail.port ?? "")}`;
}

/** The registry's own event log (not the change workflow): registrations, deregistrations, health changes. */
export function RegistryEvents() {
  const q = useRegistryEvents();
  return (
    <section aria-labelledby="registry-events-title">
      <h2 id="registry-events-title">Registry events</h2>
      <QueryState isLoading={q.isLoading} error={q.error} label="registry events">
        <table className="dense" data-testid="registry-events">
          <thead>
            <tr>
              <th scope="col">Index</th>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Instance</th>
              <th scope="col">Detail</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {(q.data?.events ?? []).map((e) => (
              <tr key={e.id} data-kind={e.kind}>
                <td className="num">{e.id}</td>
                <td>
                  <Time iso={e.at} />
                </td>
                <td>{e.kind}</td>
                <td>
                  <code>{e.instanceId}</code> <span className="muted small">{e.service}</span>
                </td>
                <td className="small">{summary(e.kind, e.detail)}</td>
                <td className="small">{e.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}
