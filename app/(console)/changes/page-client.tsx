"use client";
import Link from "next/link";
import { useChanges } from "@/lib/client/hooks/use-changes.ts";
import { VersionHistory } from "@/components/changes/version-history.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryState } from "@/components/ui/query-state.tsx";
import { Time } from "@/components/ui/time.tsx";

export function ChangesPageClient() {
  const q = useChanges();
  const changes = q.data?.changes ?? [];
  return (
    <>
      <PageHeader title="Changes" />
      <QueryState isLoading={q.isLoading} error={q.error} label="changes">
        {changes.length === 0 ? (
          <p className="muted">No changes yet. Edit the topology, services or routes to start a draft.</p>
        ) : null}
        {changes.length > 0 ? (
          <table className="dense" data-testid="changes-table">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Status</th>
                <th scope="col">Author</th>
                <th scope="col">Reviewer</th>
                <th scope="col">Base</th>
                <th scope="col">Produced</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.id} data-testid={`change-row-${c.id}`} data-status={c.status}>
                  <td>
                    <Link href={`/changes/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>
                    <Badge value={c.status} />
                  </td>
                  <td>{c.author.username}</td>
                  <td>{c.approver?.username ?? <span className="muted">—</span>}</td>
                  <td>v{c.baseVersion}</td>
                  <td>{c.producedVersion ? `v${c.producedVersion}` : <span className="muted">—</span>}</td>
                  <td>
                    <Time iso={c.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </QueryState>
      <VersionHistory />
    </>
  );
}
