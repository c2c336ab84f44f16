"use client";
import { useState } from "react";
import { useAudit } from "@/lib/client/hooks/use-audit.ts";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { Time } from "@/components/ui/time.tsx";

const details = (d: unknown) =>
  d === undefined || d === null || (typeof d === "object" && Object.keys(d).length === 0) ? "" : JSON.stringify(d);

export function AuditPageClient() {
  const [limit, setLimit] = useState(100);
  const [filter, setFilter] = useState("");
  const q = useAudit(limit);
  const f = filter.trim().toLowerCase();
  const entries = (q.data?.entries ?? []).filter(
    (e) => !f || `${e.actor} ${e.action} ${e.entityType} ${e.entityId}`.toLowerCase().includes(f),
  );
  return (
    <>
      <PageHeader title="Audit log">
        <label htmlFor="audit-filter">Filter</label>
        <input
          id="audit-filter"
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="actor, action, entity"
        />
        <label htmlFor="audit-limit">Show</label>
        <select id="audit-limit" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
          {[50, 100, 500].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </PageHeader>
      <QueryState isLoading={q.isLoading} error={q.error} label="the audit log">
        <table className="dense" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td className="nowrap">
                  <Time iso={e.at} />
                </td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.entityType} <code className="muted">{e.entityId}</code>
                </td>
                <td className="details">
                  <code>{details(e.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.length === 0 ? <p className="muted">No entries.</p> : null}
      </QueryState>
    </>
  );
}
