"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { can } from "@/lib/core/api/index.ts";
import { useMe } from "@/lib/client/hooks/use-me.ts";
import { useRollback } from "@/lib/client/hooks/use-rollback.ts";
import { useVersions } from "@/lib/client/hooks/use-versions.ts";
import { QueryState } from "@/components/ui/query-state.tsx";
import { Time } from "@/components/ui/time.tsx";

/**
 * Every config version the console has rolled out, newest first. Rolling back creates a change that
 * proposes that version's config: it is diffed, reviewed and approved like any other change.
 */
export function VersionHistory() {
  const q = useVersions();
  const me = useMe();
  const rollback = useRollback();
  const router = useRouter();
  const versions = q.data?.versions ?? [];
  const latest = versions[0]?.version;
  const canEdit = me.data !== undefined && can(me.data.user.role, "edit");
  return (
    <section aria-labelledby="versions-title" data-testid="version-history">
      <h2 id="versions-title">Config versions</h2>
      {rollback.error ? (
        <p className="text-bad" role="alert" data-testid="rollback-error">
          {rollback.error.message}
        </p>
      ) : null}
      <QueryState isLoading={q.isLoading} error={q.error} label="config versions">
        <table className="dense">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Hash</th>
              <th scope="col">From change</th>
              <th scope="col">Approved by</th>
              <th scope="col">Rolled out</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-testid={`version-row-${v.version}`}>
                <td>
                  v{v.version}
                  {v.version === latest ? <span className="muted"> (running)</span> : null}
                </td>
                <td>
                  <code title={v.hash}>{v.hash.slice(0, 12)}</code>
                </td>
                <td>
                  {v.changeId ? (
                    <Link href={`/changes/${v.changeId}`}>{v.changeTitle}</Link>
                  ) : (
                    <span className="muted">initial config</span>
                  )}
                </td>
                <td>{v.createdBy ?? <span className="muted">—</span>}</td>
                <td>
                  <Time iso={v.createdAt} />
                </td>
                <td>
                  <span className="button-group">
                    <Link href={`/export?version=${v.version}`}>YAML</Link>
                    {canEdit && v.version !== latest ? (
                      <button
                        type="button"
                        className="small"
                        disabled={rollback.isPending}
                        data-testid={`rollback-${v.version}`}
                        title={`Create a change that restores version ${v.version}; it needs an approver like any other`}
                        onClick={() =>
                          rollback.mutate(v.version, { onSuccess: (r) => router.push(`/changes/${r.changeId}`) })
                        }
                      >
                        Roll back to v{v.version}
                      </button>
                    ) : null}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </section>
  );
}
